// gzip (RFC 1952) through ISA-L's igzip: levels 0 to 3, where 0 is the fastest and 3 the
// densest. Private to engine/compress; callers reach it through Codec.
#ifndef HOIST_ENGINE_COMPRESS_GZIP_H_
#define HOIST_ENGINE_COMPRESS_GZIP_H_

#include <memory>

#include "engine/compress/compressor.h"
#include "engine/compress/decompressor.h"

namespace hoist::compress {

inline constexpr int kGzipMinLevel = 0;
inline constexpr int kGzipMaxLevel = 3;
inline constexpr int kGzipDefaultLevel = 1;

// REQUIRES: kGzipMinLevel <= level <= kGzipMaxLevel.
std::unique_ptr<Compressor> make_gzip_compressor(int level);

std::unique_ptr<Decompressor> make_gzip_decompressor();

}  // namespace hoist::compress

#endif  // HOIST_ENGINE_COMPRESS_GZIP_H_

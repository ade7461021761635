// The codec implementations behind Codec, with their level ranges. Private to
// engine/compress; everything else reaches them through Codec.
//
//   gzip (RFC 1952) through ISA-L's igzip: levels 0 (fastest) to 3 (densest).
//   Zstandard (RFC 8878) through libzstd: levels 1 to 19, and -7 to -1 for zstd's fast modes.
#ifndef HOIST_ENGINE_COMPRESS_CODECS_H_
#define HOIST_ENGINE_COMPRESS_CODECS_H_

#include <cstddef>
#include <memory>

#include "engine/compress/compressor.h"
#include "engine/compress/decompressor.h"

namespace hoist::compress {

// ISA-L counts bytes in uint32_t; larger buffers go through igzip in pieces of this size.
inline constexpr std::size_t kMaxIgzipCall = 1u << 30;

inline constexpr int kGzipMinLevel = 0;
inline constexpr int kGzipMaxLevel = 3;
inline constexpr int kGzipDefaultLevel = 1;

inline constexpr int kZstdMinLevel = -7;
inline constexpr int kZstdMaxLevel = 19;
inline constexpr int kZstdDefaultLevel = 3;

// REQUIRES: kGzipMinLevel <= level <= kGzipMaxLevel.
std::unique_ptr<Compressor> make_gzip_compressor(int level);
std::unique_ptr<Decompressor> make_gzip_decompressor();

// REQUIRES: kZstdMinLevel <= level <= kZstdMaxLevel and level != 0.
std::unique_ptr<Compressor> make_zstd_compressor(int level);
std::unique_ptr<Decompressor> make_zstd_decompressor();

}  // namespace hoist::compress

#endif  // HOIST_ENGINE_COMPRESS_CODECS_H_

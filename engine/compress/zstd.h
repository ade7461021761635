// Zstandard (RFC 8878) through libzstd: levels 1 to 19, and -7 to -1 for zstd's fast
// modes. Private to engine/compress; callers reach it through Codec.
#ifndef HOIST_ENGINE_COMPRESS_ZSTD_H_
#define HOIST_ENGINE_COMPRESS_ZSTD_H_

#include <memory>

#include "engine/compress/compressor.h"
#include "engine/compress/decompressor.h"

namespace hoist::compress {

inline constexpr int kZstdMinLevel = -7;
inline constexpr int kZstdMaxLevel = 19;
inline constexpr int kZstdDefaultLevel = 3;

// REQUIRES: kZstdMinLevel <= level <= kZstdMaxLevel and level != 0.
std::unique_ptr<Compressor> make_zstd_compressor(int level);

std::unique_ptr<Decompressor> make_zstd_decompressor();

}  // namespace hoist::compress

#endif  // HOIST_ENGINE_COMPRESS_ZSTD_H_

// Compressing a small object's body where it lies: the whole file is in one pooled buffer,
// and its compressed form replaces it there when that is smaller, so the pooled buffer stays
// the only copy that waits for the network.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "engine/compress/codec.h"

namespace hoist::transfer {

// The largest body compressed this way. The scratch buffer lives outside the pool, one per
// engine thread, so it is kept to the default part size; larger files (below a raised
// --multipart-threshold) are compressed as a stream into pooled parts instead.
inline constexpr uint64_t kMaxInPlaceCompression = 8ull << 20;

// Compresses the `size` bytes at `data` into one gzip member or zstd frame and, when that is
// smaller, writes it over them and returns its size. Returns nullopt, leaving the bytes as
// they are, when they do not look compressible or did not shrink. Works through a compressor
// and a scratch buffer kept per thread, reused from call to call.
// REQUIRES: size <= kMaxInPlaceCompression.
std::optional<size_t> compress_in_place(const compress::Codec& codec, char* data, size_t size);

}  // namespace hoist::transfer

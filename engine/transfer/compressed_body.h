// Compressing a small object's body where it lies: the whole file is in one pooled buffer,
// and its compressed form replaces it there when that is smaller, so the pooled buffer stays
// the only copy that waits for the network.
#pragma once

#include <cstddef>
#include <optional>

#include "engine/compress/codec.h"

namespace hoist::transfer {

// Compresses the `size` bytes at `data` into one gzip member or zstd frame and, when that is
// smaller, writes it over them and returns its size. Returns nullopt, leaving the bytes as
// they are, when they do not look compressible or did not shrink. Works through a compressor
// and a scratch buffer kept per thread (one part's worth), reused from call to call.
std::optional<size_t> compress_in_place(const compress::Codec& codec, char* data, size_t size);

}  // namespace hoist::transfer

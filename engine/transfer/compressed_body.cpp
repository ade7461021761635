#include "engine/transfer/compressed_body.h"

#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <vector>

#include "engine/compress/compressibility.h"

namespace hoist::transfer {
namespace {

// Codec state (zstd contexts, igzip hash tables) is costly to set up: one per engine thread.
struct ThreadCompression {
  std::optional<compress::Codec> codec;
  std::unique_ptr<compress::Compressor> compressor;
  std::vector<uint8_t> scratch;
};

compress::Compressor& thread_compressor(ThreadCompression& t, const compress::Codec& codec) {
  if (!t.compressor || t.codec != codec) {
    t.compressor = codec.make_compressor();
    t.codec = codec;
  }
  return *t.compressor;
}

}  // namespace

std::optional<size_t> compress_in_place(const compress::Codec& codec, char* data, size_t size) {
  const std::span<const uint8_t> input(reinterpret_cast<const uint8_t*>(data), size);
  if (!compress::looks_compressible(input)) return std::nullopt;
  thread_local ThreadCompression t;
  compress::Compressor& compressor = thread_compressor(t, codec);
  t.scratch.resize(std::max(t.scratch.size(), compressor.part_bound(size)));
  const compress::CompressedPart part = compressor.compress_part(input, t.scratch);
  if (part.encoding != compress::PartEncoding::compressed || part.size >= size) {
    return std::nullopt;
  }
  std::memcpy(data, t.scratch.data(), part.size);
  return part.size;
}

}  // namespace hoist::transfer

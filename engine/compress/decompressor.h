// Decompresses a stream of one or more concatenated gzip members or zstd frames, as the
// part-parallel compressor produces them, fed in pieces split anywhere.
//
// Used by one thread at a time; make one per stream with Codec::make_decompressor().
#ifndef HOIST_ENGINE_COMPRESS_DECOMPRESSOR_H_
#define HOIST_ENGINE_COMPRESS_DECOMPRESSOR_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace hoist::compress {

class Decompressor {
 public:
  virtual ~Decompressor() = default;

  // Appends the decompressed form of the next piece of the stream to *out. Returns false
  // and sets *error if the input is corrupt (bad header, bad data, checksum mismatch); the
  // decompressor must not be used after that.
  virtual bool decompress(std::span<const std::uint8_t> input, std::vector<std::uint8_t>* out,
                          std::string* error) = 0;

  // Declares the end of the input. Returns false and sets *error if the stream stopped
  // inside a member/frame (truncated). An empty stream is valid and decodes to nothing.
  virtual bool finish(std::string* error) = 0;
};

}  // namespace hoist::compress

#endif  // HOIST_ENGINE_COMPRESS_DECOMPRESSOR_H_

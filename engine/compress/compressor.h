// Compresses bytes into one codec's format, in the two ways hoist uploads compressed data.
//
//   Part-parallel: compress_part() turns one part into a complete, independent gzip member
//   or zstd frame. Members and frames concatenate into a valid .gz or .zst file, so every
//   part of a multipart upload is compressed on its own thread, in any order.
//   Streaming: compress() takes a stream piece by piece (stdin, a pipe) and emits one
//   member or frame per `end`.
//
// A Compressor owns its codec state (hash tables, contexts) and reuses it between calls;
// it is used by one thread at a time. Make one per worker with Codec::make_compressor().
#ifndef HOIST_ENGINE_COMPRESS_COMPRESSOR_H_
#define HOIST_ENGINE_COMPRESS_COMPRESSOR_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace hoist::compress {

enum class PartEncoding {
  compressed,  // the member/frame is smaller than the input
  stored,      // compression did not help: the input was wrapped uncompressed
};

struct CompressedPart {
  PartEncoding encoding;
  std::size_t size;  // bytes written to the output span
};

class Compressor {
 public:
  virtual ~Compressor() = default;

  // The most compress_part() writes for an input of n bytes: n plus the framing of a
  // stored member/frame (a few bytes per 64 or 128 KiB).
  virtual std::size_t part_bound(std::size_t n) const = 0;

  // Writes input as one complete member/frame at the start of output. When the compressed
  // form would not be smaller than the input, the input is written stored (uncompressed,
  // still a valid member/frame) and the result says so: a caller uploading a single part
  // can then send the raw input instead, and a multipart upload keeps a valid stream at a
  // cost of a few bytes per 64 KiB. Never fails: stored output is always possible.
  // REQUIRES: output.size() >= part_bound(input.size()); no compress() member is open.
  virtual CompressedPart compress_part(std::span<const std::uint8_t> input,
                                       std::span<std::uint8_t> output) = 0;

  // Appends the compressed form of input to *out. With end == true the current member/frame
  // is completed; the next call starts a new one. Returns false and sets *error only if
  // the codec library fails (out of memory).
  virtual bool compress(std::span<const std::uint8_t> input, bool end,
                        std::vector<std::uint8_t>* out, std::string* error) = 0;
};

}  // namespace hoist::compress

#endif  // HOIST_ENGINE_COMPRESS_COMPRESSOR_H_

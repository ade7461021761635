// CompressingSource: a StreamSource that compresses another one, chunk by chunk. Each chunk
// becomes a complete gzip member or zstd frame; concatenated they are one valid .gz/.zst
// stream, so the stream machinery may cut the output into parts anywhere.
//
// The first chunk decides: when it does not look compressible (already compressed or random
// data) the source passes the stream through unchanged and the object is stored as it is.
// Memory: one chunk of input and one of output, whatever the stream's length.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "engine/compress/codec.h"
#include "engine/transfer/stream_source.h"

namespace hoist::transfer {

class CompressingSource final : public StreamSource {
 public:
  static constexpr size_t kDefaultChunkSize = 4 << 20;

  // `uncompressed_size`: the inner stream's length when known in advance (a file), so that
  // a multipart object records it too; for a stream it is recorded when it fits one PUT.
  CompressingSource(std::unique_ptr<StreamSource> inner, compress::Codec codec,
                    std::optional<uint64_t> uncompressed_size,
                    size_t chunk_size = kDefaultChunkSize);

  // Reads the first chunk and decides whether to compress. Called by the first fill() when
  // not before. REQUIRES: called at most once, before any fill().
  Result<bool> prime();
  // Whether the output is compressed (known after prime()).
  bool compressing() const { return compressing_; }

  Result<size_t> fill(char* data, size_t size) override;
  // The inner source's headers, plus Content-Encoding and the uncompressed size when the
  // output is compressed.
  http::Headers object_headers() const override;
  Status check_unchanged() const override { return inner_->check_unchanged(); }
  const std::string& local_path() const override { return inner_->local_path(); }
  std::optional<uint64_t> source_bytes() const override { return consumed_; }

 private:
  // Reads the next chunk of input and makes it the pending output (compressed or not).
  Status next_chunk();

  std::unique_ptr<StreamSource> inner_;
  const compress::Codec codec_;
  std::unique_ptr<compress::Compressor> compressor_;
  const std::optional<uint64_t> uncompressed_size_;
  const size_t chunk_size_;
  bool primed_ = false;
  bool compressing_ = false;
  bool ended_ = false;  // the inner stream returned its last byte
  uint64_t consumed_ = 0;
  std::vector<uint8_t> input_;
  std::vector<uint8_t> pending_;  // output not yet handed out, from pending_pos_
  size_t pending_pos_ = 0;
};

}  // namespace hoist::transfer

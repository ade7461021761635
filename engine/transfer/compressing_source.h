// CompressingSource: a StreamSource that compresses another one, chunk by chunk. Each chunk
// becomes a complete gzip member or zstd frame; concatenated they are one valid .gz/.zst
// stream, so the stream machinery may cut the output into parts anywhere.
//
// Chunks are independent, so several compress at once, each on a thread of its own with a
// compressor of its own, while the caller reads the next chunk and sends earlier output; the
// output keeps the input's order. The first chunk decides: when it does not look
// compressible (already compressed or random data) the source passes the stream through
// unchanged and the object is stored as it is.
//
// Memory: one chunk of input and one of output per lane, whatever the stream's length.
#pragma once

#include <cstdint>
#include <deque>
#include <future>
#include <memory>
#include <optional>
#include <vector>

#include "engine/compress/codec.h"
#include "engine/transfer/stream_source.h"

namespace hoist::transfer {

class CompressingSource final : public StreamSource {
 public:
  static constexpr size_t kDefaultChunkSize = 2 << 20;

  // `uncompressed_size`: the inner stream's length when known in advance (a file), so that
  // a multipart object records it too; for a stream it is recorded when it fits one PUT.
  // `lanes`: chunks compressed at once (at least 1).
  CompressingSource(std::unique_ptr<StreamSource> inner, compress::Codec codec,
                    std::optional<uint64_t> uncompressed_size, int lanes = 1,
                    size_t chunk_size = kDefaultChunkSize);
  ~CompressingSource() override;

  // Reads the first chunk and decides whether to compress. Called by the first fill() when
  // not before. REQUIRES: called at most once, before any fill().
  Result<bool> prime();
  // Whether the output is compressed (known after prime()).
  bool compressing() const { return compressing_; }

  Result<size_t> fill(char* data, size_t size) override;
  // The inner source's headers, plus Content-Encoding and the uncompressed size when the
  // output is compressed.
  http::Headers object_headers(const ObjectOptions& options) const override;
  Status check_unchanged() const override { return inner_->check_unchanged(); }
  const std::string& local_path() const override { return inner_->local_path(); }
  std::optional<uint64_t> source_bytes() const override { return consumed_; }

 private:
  using Bytes = std::vector<uint8_t>;

  // Reads the next chunk of input (an empty one at the end).
  Result<Bytes> read_chunk();
  // Starts compressing `chunk` on the next lane.
  void start_compressing(Bytes chunk);
  // Reads and starts chunks until every lane is busy or the input has ended.
  Status keep_lanes_busy();

  std::unique_ptr<StreamSource> inner_;
  const compress::Codec codec_;
  const std::optional<uint64_t> uncompressed_size_;
  const size_t chunk_size_;
  // One compressor per lane; a lane's next chunk starts only once its previous one was
  // taken out of in_flight_, so no compressor is ever used by two threads at once.
  std::vector<std::unique_ptr<compress::Compressor>> compressors_;
  size_t next_lane_ = 0;
  std::deque<std::future<Bytes>> in_flight_;  // compressed chunks, in input order
  bool primed_ = false;
  bool compressing_ = false;
  bool ended_ = false;  // the inner stream returned its last byte
  uint64_t consumed_ = 0;
  Bytes pending_;  // output not yet handed out, from pending_pos_
  size_t pending_pos_ = 0;
};

}  // namespace hoist::transfer

#include "engine/transfer/compressing_source.h"

#include <algorithm>
#include <cstring>

#include "engine/compress/compressibility.h"
#include "engine/transfer/content_encoding.h"

namespace hoist::transfer {

CompressingSource::CompressingSource(std::unique_ptr<StreamSource> inner, compress::Codec codec,
                                     std::optional<uint64_t> uncompressed_size, int lanes,
                                     size_t chunk_size)
    : inner_(std::move(inner)),
      codec_(codec),
      uncompressed_size_(uncompressed_size),
      chunk_size_(chunk_size),
      compressors_(static_cast<size_t>(std::max(lanes, 1))) {}

CompressingSource::~CompressingSource() {
  // Chunks still compressing use the compressors: wait for them first.
  for (auto& chunk : in_flight_) chunk.wait();
}

Result<CompressingSource::Bytes> CompressingSource::read_chunk() {
  Bytes chunk(chunk_size_);
  auto got = inner_->fill(reinterpret_cast<char*>(chunk.data()), chunk_size_);
  if (!got.ok()) return got.error();
  chunk.resize(*got);
  consumed_ += *got;
  ended_ = *got < chunk_size_;
  return chunk;
}

void CompressingSource::start_compressing(Bytes chunk) {
  std::unique_ptr<compress::Compressor>& lane = compressors_[next_lane_];
  next_lane_ = (next_lane_ + 1) % compressors_.size();
  if (!lane) lane = codec_.make_compressor();
  compress::Compressor* compressor = lane.get();
  in_flight_.push_back(std::async(std::launch::async, [compressor, chunk = std::move(chunk)] {
    Bytes out(compressor->part_bound(chunk.size()));
    out.resize(compressor->compress_part(chunk, out).size);
    return out;
  }));
}

Status CompressingSource::keep_lanes_busy() {
  while (!ended_ && in_flight_.size() < compressors_.size()) {
    auto chunk = read_chunk();
    if (!chunk.ok()) return chunk.error();
    if (!chunk->empty()) start_compressing(std::move(*chunk));
  }
  return ok_status();
}

Result<bool> CompressingSource::prime() {
  primed_ = true;
  auto first = read_chunk();
  if (!first.ok()) return first.error();
  compressing_ = compress::looks_compressible(*first);
  if (!compressing_) {
    pending_ = std::move(*first);
    return false;
  }
  if (!first->empty()) start_compressing(std::move(*first));
  Status started = keep_lanes_busy();
  if (!started.ok()) return started.error();
  return true;
}

Result<size_t> CompressingSource::fill(char* data, size_t size) {
  if (!primed_) {
    auto primed = prime();
    if (!primed.ok()) return primed.error();
  }
  size_t out = 0;
  while (out < size) {
    if (pending_pos_ == pending_.size()) {
      if (!compressing_) {
        if (ended_) break;
        // Passing through: the rest of the stream needs no copy of ours.
        const size_t wanted = size - out;
        auto got = inner_->fill(data + out, wanted);
        if (!got.ok()) return got.error();
        consumed_ += *got;
        out += *got;
        ended_ = *got < wanted;
        break;
      }
      if (in_flight_.empty()) break;  // the input ended and all of it was handed out
      pending_ = in_flight_.front().get();
      in_flight_.pop_front();
      pending_pos_ = 0;
      Status started = keep_lanes_busy();
      if (!started.ok()) return started.error();
      continue;
    }
    const size_t n = std::min(size - out, pending_.size() - pending_pos_);
    std::memcpy(data + out, pending_.data() + pending_pos_, n);
    pending_pos_ += n;
    out += n;
  }
  return out;
}

http::Headers CompressingSource::object_headers(const ObjectOptions& options) const {
  http::Headers headers = inner_->object_headers(options);
  if (!compressing_) return headers;
  std::optional<uint64_t> size = uncompressed_size_;
  if (!size && ended_) size = consumed_;
  add_encoding_headers(&headers, codec_, size);
  return headers;
}

}  // namespace hoist::transfer

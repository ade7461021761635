#include "engine/transfer/compressing_source.h"

#include <algorithm>
#include <cstring>

#include "engine/compress/compressibility.h"
#include "engine/transfer/content_encoding.h"

namespace hoist::transfer {

CompressingSource::CompressingSource(std::unique_ptr<StreamSource> inner, compress::Codec codec,
                                     std::optional<uint64_t> uncompressed_size, size_t chunk_size)
    : inner_(std::move(inner)),
      codec_(codec),
      uncompressed_size_(uncompressed_size),
      chunk_size_(chunk_size) {}

Result<bool> CompressingSource::prime() {
  primed_ = true;
  input_.resize(chunk_size_);
  auto got = inner_->fill(reinterpret_cast<char*>(input_.data()), chunk_size_);
  if (!got.ok()) return got.error();
  input_.resize(*got);
  compressing_ = compress::looks_compressible(input_);
  if (compressing_) compressor_ = codec_.make_compressor();
  consumed_ = *got;
  ended_ = *got < chunk_size_;
  if (compressing_) {
    pending_.resize(compressor_->part_bound(input_.size()));
    pending_.resize(compressor_->compress_part(input_, pending_).size);
  } else {
    pending_.swap(input_);
  }
  return compressing_;
}

Status CompressingSource::next_chunk() {
  input_.resize(chunk_size_);
  auto got = inner_->fill(reinterpret_cast<char*>(input_.data()), chunk_size_);
  if (!got.ok()) return got.error();
  consumed_ += *got;
  ended_ = *got < chunk_size_;
  pending_pos_ = 0;
  if (*got == 0) {
    pending_.clear();
    return ok_status();
  }
  const std::span<const uint8_t> chunk(input_.data(), *got);
  pending_.resize(compressor_->part_bound(chunk.size()));
  pending_.resize(compressor_->compress_part(chunk, pending_).size);
  return ok_status();
}

Result<size_t> CompressingSource::fill(char* data, size_t size) {
  if (!primed_) {
    auto primed = prime();
    if (!primed.ok()) return primed.error();
  }
  size_t out = 0;
  while (out < size) {
    if (pending_pos_ == pending_.size()) {
      if (ended_) break;
      if (!compressing_) {
        // Passing through: the rest of the stream needs no copy of ours.
        const size_t wanted = size - out;
        auto got = inner_->fill(data + out, wanted);
        if (!got.ok()) return got.error();
        consumed_ += *got;
        out += *got;
        ended_ = *got < wanted;
        break;
      }
      Status next = next_chunk();
      if (!next.ok()) return next.error();
      continue;
    }
    const size_t n = std::min(size - out, pending_.size() - pending_pos_);
    std::memcpy(data + out, pending_.data() + pending_pos_, n);
    pending_pos_ += n;
    out += n;
  }
  return out;
}

http::Headers CompressingSource::object_headers() const {
  http::Headers headers = inner_->object_headers();
  if (!compressing_) return headers;
  std::optional<uint64_t> size = uncompressed_size_;
  if (!size && ended_) size = consumed_;
  add_encoding_headers(&headers, codec_, size);
  return headers;
}

}  // namespace hoist::transfer

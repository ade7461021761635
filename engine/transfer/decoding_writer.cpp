#include "engine/transfer/decoding_writer.h"

#include <algorithm>
#include <span>

#include "engine/transfer/local_error.h"

namespace hoist::transfer {
namespace {

// Stored bytes decoded per call: small enough that even gzip's ~1000:1 worst case stays
// tens of MiB, large enough that codec call overhead does not show.
constexpr size_t kSlice = 64 << 10;
// Decoded bytes gathered before they are output.
constexpr size_t kFlushAt = 1 << 20;

}  // namespace

DecodingWriter::DecodingWriter(const compress::Codec& codec, Output output, std::string path)
    : decompressor_(codec.make_decompressor()),
      encoding_(codec.name()),
      output_(std::move(output)),
      path_(std::move(path)) {}

Status DecodingWriter::fail(Error error) {
  failure_ = error;
  return error;
}

Status DecodingWriter::flush() {
  if (decoded_.empty()) return ok_status();
  io::Status written = output_(reinterpret_cast<const char*>(decoded_.data()), decoded_.size());
  if (!written.ok()) return fail(local_error(written, path_));
  bytes_out_ += decoded_.size();
  decoded_.clear();
  return ok_status();
}

Status DecodingWriter::write(const char* data, size_t length) {
  if (failure_) return *failure_;
  const std::span<const uint8_t> input(reinterpret_cast<const uint8_t*>(data), length);
  for (size_t at = 0; at < length; at += kSlice) {
    std::string why;
    if (!decompressor_->decompress(input.subspan(at, std::min(kSlice, length - at)), &decoded_,
                                   &why)) {
      return fail(Error::make(ErrorKind::kIntegrity, "InvalidContentEncoding",
                              "the object's " + encoding_ + " content is corrupt: " + why));
    }
    if (decoded_.size() >= kFlushAt) {
      Status flushed = flush();
      if (!flushed.ok()) return flushed;
    }
  }
  return flush();
}

Status DecodingWriter::finish() {
  if (failure_) return *failure_;
  std::string why;
  if (!decompressor_->finish(&why)) {
    return fail(Error::make(ErrorKind::kIntegrity, "InvalidContentEncoding",
                            "the object's " + encoding_ + " content is truncated: " + why));
  }
  return flush();
}

}  // namespace hoist::transfer

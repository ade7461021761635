// AwsChunkedDecoder: undoes the aws-chunked content encoding that aws-cli v2, boto3 and the
// AWS SDKs use for uploads with a trailing checksum (x-amz-content-sha256:
// STREAMING-UNSIGNED-PAYLOAD-TRAILER):
//
//   <hex size>[;ext]\r\n<bytes>\r\n ... 0\r\n<trailer name>:<value>\r\n ... \r\n
//
// Data bytes are handed on as spans of the caller's buffer, never copied. One decoder per
// request body, fed by one thread.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace hoist::serve {

class AwsChunkedDecoder {
 public:
  using Sink = std::function<void(std::span<const char>)>;

  explicit AwsChunkedDecoder(Sink sink) : sink_(std::move(sink)) {}

  // Decodes the next bytes of the body. False once the body is malformed (and from then on).
  bool feed(std::span<const char> bytes);

  // True when the final chunk has arrived with its trailer. Some SDKs end the body right after
  // the last trailer line, without the empty line, so that counts as the end too.
  bool done() const {
    return state_ == State::kDone || (state_ == State::kTrailer && line_.empty());
  }
  // Trailer fields, names lowercase.
  const std::vector<std::pair<std::string, std::string>>& trailers() const { return trailers_; }
  uint64_t decoded_size() const { return decoded_size_; }

 private:
  enum class State { kSizeLine, kData, kDataEnd, kTrailer, kDone, kBroken };

  // Handles one complete line (without CRLF) in the size or trailer state.
  bool on_line(const std::string& line);

  Sink sink_;
  State state_ = State::kSizeLine;
  std::string line_;
  uint64_t remaining_ = 0;
  uint64_t decoded_size_ = 0;
  std::vector<std::pair<std::string, std::string>> trailers_;
};

}  // namespace hoist::serve

#include "tools/serve/aws_chunked_decoder.h"

#include <algorithm>
#include <cctype>

namespace hoist::serve {
namespace {

// Longest size or trailer line accepted: a size with a chunk-signature extension is ~100
// bytes, a trailer line with a SHA-256 checksum ~70.
constexpr size_t kMaxLine = 4096;

}  // namespace

bool AwsChunkedDecoder::feed(std::span<const char> bytes) {
  size_t pos = 0;
  while (pos < bytes.size()) {
    switch (state_) {
      case State::kData: {
        const size_t n = static_cast<size_t>(
            std::min<uint64_t>(remaining_, bytes.size() - pos));
        sink_(bytes.subspan(pos, n));
        decoded_size_ += n;
        remaining_ -= n;
        pos += n;
        if (remaining_ == 0) state_ = State::kDataEnd;
        break;
      }
      case State::kSizeLine:
      case State::kTrailer:
      case State::kDataEnd: {
        const char c = bytes[pos++];
        if (c != '\n') {
          if (line_.size() >= kMaxLine) {
            state_ = State::kBroken;
            return false;
          }
          line_.push_back(c);
          break;
        }
        if (line_.empty() || line_.back() != '\r') {
          state_ = State::kBroken;
          return false;
        }
        line_.pop_back();
        std::string line;
        line.swap(line_);
        if (state_ == State::kDataEnd) {
          if (!line.empty()) {
            state_ = State::kBroken;
            return false;
          }
          state_ = State::kSizeLine;
        } else if (!on_line(line)) {
          state_ = State::kBroken;
          return false;
        }
        break;
      }
      case State::kDone:
      case State::kBroken:
        state_ = State::kBroken;
        return false;
    }
  }
  return true;
}

bool AwsChunkedDecoder::on_line(const std::string& line) {
  if (state_ == State::kSizeLine) {
    const std::string size_text = line.substr(0, line.find(';'));
    if (size_text.empty() || size_text.size() > 16 ||
        !std::all_of(size_text.begin(), size_text.end(),
                     [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); })) {
      return false;
    }
    remaining_ = std::stoull(size_text, nullptr, 16);
    state_ = remaining_ == 0 ? State::kTrailer : State::kData;
    return true;
  }
  // Trailer section: fields until the empty line.
  if (line.empty()) {
    state_ = State::kDone;
    return true;
  }
  const size_t colon = line.find(':');
  if (colon == std::string::npos || colon == 0) return false;
  std::string name = line.substr(0, colon);
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string value = line.substr(colon + 1);
  const size_t first = value.find_first_not_of(" \t");
  const size_t last = value.find_last_not_of(" \t");
  value = first == std::string::npos ? std::string() : value.substr(first, last - first + 1);
  trailers_.emplace_back(std::move(name), std::move(value));
  return true;
}

}  // namespace hoist::serve

#include "engine/transfer/upload_headers.h"

#include <charconv>
#include <chrono>
#include <cstdio>

#include "engine/transfer/content_type.h"
#include "engine/transfer/file_mode.h"

namespace hoist::transfer {

std::string format_mtime(int64_t mtime_ns) {
  // A plain decimal number: the sign, then the magnitude (-1 ns is "-0.000000001").
  constexpr uint64_t kNs = 1'000'000'000;
  const bool negative = mtime_ns < 0;
  const uint64_t magnitude =
      negative ? uint64_t{0} - static_cast<uint64_t>(mtime_ns) : static_cast<uint64_t>(mtime_ns);
  char text[48];
  std::snprintf(text, sizeof text, "%s%llu.%09llu", negative ? "-" : "",
                static_cast<unsigned long long>(magnitude / kNs),
                static_cast<unsigned long long>(magnitude % kNs));
  return text;
}

std::optional<int64_t> parse_mtime(std::string_view text) {
  const bool negative = !text.empty() && text.front() == '-';
  if (negative) text.remove_prefix(1);
  auto dot = text.find('.');
  std::string_view whole = text.substr(0, dot);
  std::string_view fraction = dot == std::string_view::npos ? "" : text.substr(dot + 1);
  if (whole.empty() || whole.size() > 12 || fraction.size() > 9 ||
      (dot != std::string_view::npos && fraction.empty())) {
    return std::nullopt;
  }
  int64_t seconds = 0;
  auto [end, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), seconds);
  if (ec != std::errc() || end != whole.data() + whole.size()) return std::nullopt;
  int64_t nanos = 0;
  for (size_t i = 0; i < 9; ++i) {
    char c = i < fraction.size() ? fraction[i] : '0';
    if (c < '0' || c > '9') return std::nullopt;
    nanos = nanos * 10 + (c - '0');
  }
  int64_t total = seconds * 1'000'000'000 + nanos;
  return negative ? -total : total;
}

http::Headers object_headers(const std::string& content_type, const ObjectOptions& options,
                             std::string_view name, const io::FileStat& stat) {
  http::Headers headers;
  std::string type = content_type;
  if (type.empty() && options.guess_content_type) type = guess_content_type(name);
  headers.emplace_back("Content-Type", type.empty() ? "application/octet-stream" : type);
  headers.emplace_back("x-amz-meta-" + std::string(kMtimeMetadata), format_mtime(stat.mtime_ns));
  if (S_ISREG(stat.mode)) {
    headers.emplace_back("x-amz-meta-" + std::string(kModeMetadata), format_mode(stat.mode));
  }
  headers.insert(headers.end(), options.create_headers.begin(), options.create_headers.end());
  headers.insert(headers.end(), options.customer_key.begin(), options.customer_key.end());
  return headers;
}

http::Headers stream_object_headers(const std::string& content_type, const ObjectOptions& options) {
  io::FileStat now;
  now.mtime_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                     std::chrono::system_clock::now().time_since_epoch())
                     .count();
  return object_headers(content_type, options, "", now);
}

}  // namespace hoist::transfer

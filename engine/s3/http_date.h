// The dates S3 sends in headers (Last-Modified): RFC 1123, "Wed, 25 Nov 2026 03:20:00 GMT".
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace hoist::s3 {

// Nanoseconds since the epoch, or nullopt when `text` is not such a date.
std::optional<int64_t> parse_http_date(std::string_view text);

}  // namespace hoist::s3

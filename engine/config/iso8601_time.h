// Parsing of the timestamps credential sources put in "Expiration": RFC 3339 / ISO 8601
// UTC times such as 2024-05-01T12:00:00Z, with optional fractional seconds and an optional
// numeric offset (+02:00) in place of the Z.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace hoist::config {

// The instant `text` names, or nullopt when it is not such a timestamp.
std::optional<std::chrono::system_clock::time_point> parse_iso8601_time(std::string_view text);

}  // namespace hoist::config

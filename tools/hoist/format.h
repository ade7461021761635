// Text formatting shared by the verbs: times as aws-cli prints them, human-readable sizes,
// and JSON string escaping for --output json.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace hoist::cli {

// "2024-05-01T12:00:00.000Z" (ISO 8601, UTC) -> "2024-05-01 14:00:00" in local time, as
// `aws s3 ls` prints it. Text it cannot parse is returned unchanged.
std::string listing_time(std::string_view iso8601);

// 1536 -> "1.5 KiB", as `aws s3 ls --human-readable`.
std::string human_size(uint64_t bytes);

// (1, "file") -> "1 file", (3, "file") -> "3 files".
std::string plural(uint64_t n, const char* word);

}  // namespace hoist::cli

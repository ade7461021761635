// Sizes given on the command line: "8388608", "8M", "8MB", "8MiB", "1.5G". As in aws-cli's
// configuration, every suffix is binary (M means 1024*1024), so "8MB" is one S3 part size.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace hoist::cli {

std::optional<uint64_t> parse_byte_size(std::string_view text);

}  // namespace hoist::cli

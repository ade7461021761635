// Small text helpers shared by the file parser and the settings readers.
#pragma once

#include <string>
#include <string_view>

#include "engine/config/result.h"

namespace hoist::config {

// `text` without leading and trailing spaces, tabs, carriage returns and newlines.
std::string_view trim(std::string_view text);

std::string lowercase(std::string_view text);

// ASCII case-insensitive comparison ("IPv6" == "ipv6", "TRUE" == "true").
bool equals_ignore_case(std::string_view a, std::string_view b);

// The whole of the file at `path`. A missing file is not_found (a setting's source that is
// simply absent); one that cannot be opened or read fails, naming the path and the reason.
Result<std::string> read_text_file(const std::string& path);

}  // namespace hoist::config

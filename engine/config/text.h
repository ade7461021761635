// Small text helpers shared by the file parser and the settings readers.
#pragma once

#include <string>
#include <string_view>

namespace hoist::config {

// `text` without leading and trailing spaces, tabs, carriage returns and newlines.
std::string_view trim(std::string_view text);

std::string lowercase(std::string_view text);

// ASCII case-insensitive comparison ("IPv6" == "ipv6", "TRUE" == "true").
bool equals_ignore_case(std::string_view a, std::string_view b);

}  // namespace hoist::config

// A file's permission bits in x-amz-meta-mode, in rclone's format (the st_mode of a regular
// file in octal with a leading 0, "0100644"), so each tool restores the other's modes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hoist::transfer {

inline constexpr std::string_view kModeMetadata = "mode";

// "0100" followed by the permission bits (setuid, setgid and sticky included) in octal.
std::string format_mode(uint32_t st_mode);

// The permission bits to give a downloaded file: only rwx for user, group and other (never
// setuid, setgid or sticky from metadata). nullopt for text that is not an octal mode of a
// regular file (or a bare permission mode such as "644").
std::optional<uint32_t> parse_mode(std::string_view text);

}  // namespace hoist::transfer

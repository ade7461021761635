// The Content-Type an upload gets when the caller names none, guessed from the file name's
// extension as aws-cli guesses it: a built-in table of common types first, then
// /etc/mime.types when the system has one.
#pragma once

#include <string>
#include <string_view>

namespace hoist::transfer {

// The type for `path`'s extension (case-insensitive), or "" when it has none or it is unknown.
std::string guess_content_type(std::string_view path);

}  // namespace hoist::transfer

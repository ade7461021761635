// Text from servers and file systems (object keys, paths, error messages) printed so that it
// cannot steer the terminal or break a JSON document: a key may hold escape sequences or
// bytes that are not UTF-8.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace hoist::cli {

// `text` with every control character (C0, DEL, C1) and every byte that is not part of valid
// UTF-8 written as \xNN; everything else unchanged.
std::string printable(std::string_view text);

// The length of the valid UTF-8 sequence at the start of `text`, or 0 when it starts with a
// byte that does not begin one.
size_t utf8_sequence_length(std::string_view text);

// `document` with every string that is not valid UTF-8 replaced by printable() of it (JSON
// cannot carry such bytes, and the library refuses them). Control characters in valid
// strings need nothing: JSON escapes them.
nlohmann::json printable_json(nlohmann::json document);

}  // namespace hoist::cli

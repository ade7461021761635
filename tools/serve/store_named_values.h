// NamedValues (user metadata, checksums) as one string for a database column. Each name and
// value is length-prefixed, so any byte, including separators a header could carry, round-trips.
#pragma once

#include <optional>
#include <string>

#include "tools/serve/object_store.h"

namespace hoist::serve {

std::string encode_named_values(const NamedValues& values);

// nullopt if `encoded` did not come from encode_named_values().
std::optional<NamedValues> decode_named_values(const std::string& encoded);

}  // namespace hoist::serve

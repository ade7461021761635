// Listings answer for one prefix. Callers cut that prefix off names to make file paths and
// delete or abort what a listing holds, so a name outside it (a broken or hostile server) is
// refused as a malformed answer, never used.
#pragma once

#include <optional>
#include <string_view>

#include "engine/s3/operation.h"
#include "hoist/error.h"

namespace hoist::s3 {

// The error for `name` (what: "key", "common prefix") when it does not start with the prefix
// `op` asked for; nullopt when it does.
std::optional<Error> outside_requested_prefix(const Operation& op, std::string_view what,
                                              std::string_view name);

}  // namespace hoist::s3

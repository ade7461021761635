// One page of a ListObjects answer, computed the same way for every store: S3's prefix,
// delimiter roll-up into common prefixes, start_after and max_keys (which counts objects and
// common prefixes together). A store supplies only an ordered seek over its keys.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "hoist/result.h"
#include "tools/serve/object_store.h"

namespace hoist::serve {

inline constexpr int kMaxListKeys = 1000;  // S3 returns at most this many per page

// The first object whose key is >= `bound` (inclusive) or > `bound` (exclusive), in byte
// order; nullopt when there is none. A page calls it once per object or common prefix.
using KeySeek =
    std::function<Result<std::optional<ObjectInfo>>(const std::string& bound, bool inclusive)>;

// REQUIRES: `seek` is consistent for the duration of the call (the store holds its lock).
Result<ListResult> list_page(const ListQuery& query, const KeySeek& seek);

}  // namespace hoist::serve

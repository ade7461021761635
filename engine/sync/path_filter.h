// PathFilter: decides which paths a sync considers, from --exclude/--include filters with
// aws-cli's semantics (see hoist/sync.h: last matching filter wins, default include, '*'
// matches across '/').
#pragma once

#include <string_view>
#include <vector>

#include "hoist/sync.h"

namespace hoist::sync {

class PathFilter {
 public:
  explicit PathFilter(std::vector<SyncFilter> filters) : filters_(std::move(filters)) {}

  // `relative`: the path below the synced directory, or the key below the prefix.
  bool included(std::string_view relative) const;

 private:
  std::vector<SyncFilter> filters_;
};

}  // namespace hoist::sync

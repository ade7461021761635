#include "engine/sync/path_filter.h"

#include <fnmatch.h>

#include <string>

namespace hoist::sync {

bool PathFilter::included(std::string_view relative) const {
  if (filters_.empty()) return true;
  const std::string path(relative);
  bool included = true;
  for (const SyncFilter& filter : filters_) {
    // No FNM_PATHNAME or FNM_PERIOD: as in aws-cli (Python's fnmatch), '*' crosses '/' and
    // matches a leading dot, so "*.log" excludes logs at every depth.
    if (::fnmatch(filter.pattern.c_str(), path.c_str(), 0) == 0) included = filter.include;
  }
  return included;
}

}  // namespace hoist::sync

#include "engine/api/prefix_diff.h"

#include "engine/sync/path_filter.h"

namespace hoist {

bool filters_include(const std::vector<SyncFilter>& filters, std::string_view relative) {
  return sync::PathFilter(filters).included(relative);
}

}  // namespace hoist

namespace hoist::api {

Result<std::unique_ptr<sync::TreeDiff>> diff_against_prefix(
    Client& client, const std::string& directory, bool follow_symlinks, const S3Uri& uri,
    const std::vector<SyncFilter>& filters) {
  const std::string prefix = folder_prefix(uri.key);
  ListRequest listing;
  listing.bucket = uri.bucket;
  listing.prefix = prefix;
  auto fetch = [&client, listing](const std::string& token) mutable {
    listing.continuation_token = token;
    return client.list_objects(listing);
  };
  return sync::TreeDiff::open(directory, follow_symlinks, prefix, std::move(fetch),
                              sync::PathFilter(filters));
}

}  // namespace hoist::api

#include "engine/api/prefix_diff.h"

namespace hoist::api {

std::string key_prefix(const std::string& key) {
  if (key.empty() || key.back() == '/') return key;
  return key + '/';
}

Result<std::unique_ptr<sync::TreeDiff>> diff_against_prefix(
    Client& client, const std::string& directory, bool follow_symlinks, const S3Uri& uri,
    const std::vector<SyncFilter>& filters) {
  const std::string prefix = key_prefix(uri.key);
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

// Where a local directory meets a bucket prefix, for sync and verify: which keys the prefix
// names, and the TreeDiff of the directory against their listing.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/sync/tree_diff.h"
#include "hoist/client.h"

namespace hoist::api {

// "p" and "p/" both name the keys below "p/", as aws-cli; "" the whole bucket.
std::string key_prefix(const std::string& key);

// The diff of `directory` (missing: an empty local side) against the objects under `uri`,
// listed through `client` page by page as the diff reaches them.
Result<std::unique_ptr<sync::TreeDiff>> diff_against_prefix(Client& client,
                                                            const std::string& directory,
                                                            bool follow_symlinks, const S3Uri& uri,
                                                            const std::vector<SyncFilter>& filters);

}  // namespace hoist::api

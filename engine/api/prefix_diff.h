// Where a local directory meets a bucket prefix, for sync and verify: the TreeDiff of the
// directory against the listing of the folder the prefix names.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/sync/tree_diff.h"
#include "hoist/client.h"
#include "io/env.h"

namespace hoist::api {

// The diff of `directory` (missing: an empty local side), walked through `env`, against the
// objects under folder_prefix(uri.key), listed through `client` page by page as the diff
// reaches them; with `stopped`, a page's wait before a retry ends once it says true.
Result<std::unique_ptr<sync::TreeDiff>> diff_against_prefix(Client& client, io::Env* env,
                                                            const std::string& directory,
                                                            bool follow_symlinks, const S3Uri& uri,
                                                            const std::vector<SyncFilter>& filters,
                                                            std::function<bool()> stopped = {});

}  // namespace hoist::api

// Where a local directory meets a bucket prefix, for sync and verify: the TreeDiff of the
// directory against the listing of the folder the prefix names.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/sync/tree_diff.h"
#include "hoist/client.h"
#include "io/env.h"

namespace hoist::api {

// The diff of `directory` (missing: an empty local side), walked through `env`, against the
// objects under folder_prefix(uri.key), listed through `client` page by page as the diff
// reaches them.
Result<std::unique_ptr<sync::TreeDiff>> diff_against_prefix(Client& client, io::Env* env,
                                                            const std::string& directory,
                                                            bool follow_symlinks, const S3Uri& uri,
                                                            const std::vector<SyncFilter>& filters);

}  // namespace hoist::api

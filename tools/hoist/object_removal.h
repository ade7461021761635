// Removal of every object under a prefix, shared by `rm --recursive` and `rb --force`:
// list a page, delete it in one DeleteObjects call, print what went, repeat.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "hoist/client.h"
#include "tools/hoist/context.h"

namespace hoist::cli {

// Returns kExitOk when every object under s3://bucket/prefix that `filters` let through (by
// its key below the prefix) is gone (or, with `dryrun`, would be), else an error exit code
// after reporting each failure.
int remove_objects_under(Context& context, Client& client, std::string_view verb,
                         const std::string& bucket, const std::string& prefix, bool dryrun,
                         const std::vector<SyncFilter>& filters = {});

}  // namespace hoist::cli

#include "engine/api/prefix_diff.h"

#include "engine/sync/path_filter.h"
#include "hoist/object_listing.h"

namespace hoist {

bool filters_include(const std::vector<SyncFilter>& filters, std::string_view relative) {
  return sync::PathFilter(filters).included(relative);
}

}  // namespace hoist

namespace hoist::api {

Result<std::unique_ptr<sync::TreeDiff>> diff_against_prefix(Client& client, io::Env* env,
                                                            const std::string& directory,
                                                            bool follow_symlinks, const S3Uri& uri,
                                                            const std::vector<SyncFilter>& filters,
                                                            std::function<bool()> stopped) {
  const std::string prefix = folder_prefix(uri.key);
  // TreeDiff asks for the pages in order, so the listing keeps the tokens (and refuses a
  // listing that never ends).
  auto listing = std::make_shared<ObjectListing>(
      client, ListRequest{uri.bucket, prefix, "", "", 1000}, std::move(stopped));
  auto fetch = [listing](const std::string&) -> Result<ListPage> {
    auto page = listing->next();
    if (!page.ok()) return page.error();
    return *page ? std::move(**page) : ListPage{};
  };
  return sync::TreeDiff::open(env, directory, follow_symlinks, prefix, std::move(fetch),
                              sync::PathFilter(filters));
}

}  // namespace hoist::api

#include "tools/hoist/object_removal.h"

#include <set>
#include <vector>

#include "hoist/object_listing.h"
#include "hoist/s3_uri.h"

namespace hoist::cli {

int remove_objects_under(Context& context, Client& client, std::string_view verb,
                         const std::string& bucket, const std::string& prefix, bool dryrun,
                         const std::vector<SyncFilter>& filters) {
  int status = kExitOk;
  ObjectListing listing(client, ListRequest{bucket, prefix, "", "", 1000});
  for (;;) {
    auto page = listing.next();
    if (!page.ok())
      return context.report_stop(verb, S3Uri{bucket, prefix}.to_string(), page.error());
    if (!*page) break;
    std::vector<std::string> keys;
    for (const auto& object : (*page)->objects) {
      if (filters_include(filters, std::string_view(object.key).substr(prefix.size()))) {
        keys.push_back(object.key);
      }
    }
    if (keys.empty()) continue;
    if (dryrun) {
      for (const auto& key : keys)
        context.print("(dryrun) delete: " + S3Uri{bucket, key}.to_string());
      continue;
    }
    auto failures = client.delete_objects(bucket, keys);
    if (!failures.ok()) {
      context.report_error(verb, S3Uri{bucket, prefix}.to_string(), failures.error());
      return kExitFailed;
    }
    std::set<std::string> failed;
    for (const auto& f : *failures) {
      failed.insert(f.key);
      context.report_error(verb, S3Uri{bucket, f.key}.to_string(), f.error);
      status = kExitFailed;
    }
    for (const auto& key : keys) {
      if (!failed.count(key)) context.print("delete: " + S3Uri{bucket, key}.to_string());
    }
  }
  return status;
}

}  // namespace hoist::cli

// hoist restore-request: asks S3 to make archived objects (GLACIER, DEEP_ARCHIVE) readable for
// a number of days (RestoreObject), one object or, with --recursive, every archived object
// under a prefix. Objects in other storage classes are counted and left alone; a restore in
// progress or already done is not an error. Exit 1 on any failure, after trying every object.
#include <CLI/CLI.hpp>
#include <climits>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "hoist/object_listing.h"
#include "hoist/s3_uri.h"
#include "hoist/storage_class.h"
#include "tools/hoist/context.h"
#include "tools/hoist/verb.h"

namespace hoist::cli {
namespace {

struct RestoreCounts {
  uint64_t requested = 0;
  uint64_t in_progress = 0;
  uint64_t restored = 0;
  uint64_t not_archived = 0;
  uint64_t failed = 0;
};

class RestoreRequestVerb : public Verb {
 public:
  CLI::App* add_to(CLI::App& app) override {
    CLI::App* cmd = app.add_subcommand(
        "restore-request",
        "Make archived objects (GLACIER, DEEP_ARCHIVE) readable for --days days.\n"
        "  hoist restore-request s3://bucket/key --days 7\n"
        "  hoist restore-request s3://bucket/prefix --days 7 --tier Bulk --recursive\n"
        "A restore takes minutes (Expedited) to hours (Standard, Bulk); until it is done,\n"
        "downloads skip the object. Run the same command again to see where each one is.");
    cmd->add_option("path", path_, "s3://bucket/key, or s3://bucket[/prefix] with --recursive")
        ->required();
    cmd->add_option("--days", days_, "days the restored copy stays readable (1 or more)")
        ->required()
        ->check(CLI::Range(1, INT_MAX));
    cmd->add_option("--tier", tier_, "retrieval tier: Standard, Bulk or Expedited")
        ->check(CLI::IsMember({"Standard", "Bulk", "Expedited"}))
        ->capture_default_str();
    cmd->add_flag("--recursive,-r", recursive_,
                  "every GLACIER or DEEP_ARCHIVE object under the prefix (others are counted "
                  "and skipped)");
    return cmd;
  }

  int run(Context& context) override {
    auto uri = parse_s3_uri(path_);
    if (!uri.ok()) return context.usage_error(kVerb, uri.error().message);
    if (!recursive_ && (uri->key.empty() || uri->key.back() == '/')) {
      return context.usage_error(kVerb, "'" + path_ +
                                            "' names a prefix, not an object (use --recursive "
                                            "to restore every archived object under it)");
    }
    Client* client = context.client(kVerb);
    if (!client) return kExitConfig;
    RestoreCounts counts;
    nlohmann::json objects = nlohmann::json::array();
    if (recursive_) {
      if (!restore_prefix(context, *client, *uri, counts, objects)) return kExitFailed;
    } else {
      restore_one(context, *client, *uri, counts, objects);
    }
    finish(context, counts, objects);
    return counts.failed > 0 ? kExitFailed : kExitOk;
  }

 private:
  static constexpr const char* kVerb = "restore-request";

  // Lists the prefix page by page and restores each archived object; false when the listing
  // failed (reported).
  bool restore_prefix(Context& context, Client& client, const S3Uri& uri, RestoreCounts& counts,
                      nlohmann::json& objects) {
    const std::string prefix = folder_prefix(uri.key);
    ObjectListing listing(client, ListRequest{uri.bucket, prefix, "", "", 1000});
    for (;;) {
      auto page = listing.next();
      if (!page.ok()) {
        context.report_error(kVerb, S3Uri{uri.bucket, prefix}.to_string(), page.error());
        return false;
      }
      if (!*page) break;
      for (const ObjectInfo& object : (*page)->objects) {
        if (!is_archived_storage_class(object.storage_class)) {
          ++counts.not_archived;
          continue;
        }
        restore_one(context, client, S3Uri{uri.bucket, object.key}, counts, objects);
      }
    }
    return true;
  }

  void restore_one(Context& context, Client& client, const S3Uri& object, RestoreCounts& counts,
                   nlohmann::json& objects) {
    const std::string url = object.to_string();
    auto status = client.restore_object(object.bucket, object.key, days_, tier_);
    if (!status.ok()) {
      ++counts.failed;
      context.report_error(kVerb, url, status.error());
      objects.push_back({{"url", url},
                         {"status", "failed"},
                         {"code", status.error().code},
                         {"message", status.error().message}});
      return;
    }
    const char* what = "restore requested";
    const char* name = "requested";
    switch (*status) {
      case RestoreStatus::kRequested:
        ++counts.requested;
        break;
      case RestoreStatus::kInProgress:
        ++counts.in_progress;
        what = "restore in progress";
        name = "in_progress";
        break;
      case RestoreStatus::kAlreadyRestored:
        ++counts.restored;
        what = "already restored";
        name = "restored";
        break;
    }
    objects.push_back({{"url", url}, {"status", name}});
    if (context.format() == OutputFormat::kText) context.print(std::string(what) + ": " + url);
  }

  void finish(Context& context, const RestoreCounts& c, const nlohmann::json& objects) const {
    if (context.format() == OutputFormat::kJson) {
      nlohmann::json out = {{"requested", c.requested}, {"in_progress", c.in_progress},
                            {"restored", c.restored},   {"not_archived", c.not_archived},
                            {"failed", c.failed},       {"objects", objects}};
      context.print_json(out);
      return;
    }
    if (context.options.quiet || !recursive_) return;
    std::fprintf(
        stderr,
        "restore-request: %llu requested, %llu in progress, %llu already restored, "
        "%llu not archived (skipped), %llu failed\n",
        static_cast<unsigned long long>(c.requested),
        static_cast<unsigned long long>(c.in_progress), static_cast<unsigned long long>(c.restored),
        static_cast<unsigned long long>(c.not_archived), static_cast<unsigned long long>(c.failed));
  }

  std::string path_;
  int days_ = 0;
  std::string tier_ = "Standard";
  bool recursive_ = false;
};

}  // namespace

std::unique_ptr<Verb> make_restore_request_verb() { return std::make_unique<RestoreRequestVerb>(); }

}  // namespace hoist::cli

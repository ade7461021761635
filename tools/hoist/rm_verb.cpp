// hoist rm: deletes an object, or with --recursive every object under a prefix.
#include <CLI/CLI.hpp>

#include "hoist/s3_uri.h"
#include "tools/hoist/context.h"
#include "tools/hoist/object_removal.h"
#include "tools/hoist/verb.h"

namespace hoist::cli {
namespace {

class RmVerb : public Verb {
 public:
  CLI::App* add_to(CLI::App& app) override {
    CLI::App* cmd = app.add_subcommand("rm", "Delete an object, or every object under a prefix");
    cmd->add_option("path", path_, "s3://bucket/key, or s3://bucket[/prefix] with --recursive")
        ->required();
    cmd->add_flag("--recursive,-r", recursive_, "delete every object under the prefix");
    cmd->add_flag("--dryrun", dryrun_, "print what would be deleted and delete nothing");
    return cmd;
  }

  int run(Context& context) override {
    auto uri = parse_s3_uri(path_);
    if (!uri.ok()) return context.usage_error("rm", uri.error().message);
    if (!recursive_ && uri->key.empty()) {
      return context.usage_error("rm", "'" + path_ +
                                           "' names a bucket; use --recursive to "
                                           "delete its objects or 'hoist rb' to remove it");
    }
    Client* client = context.client("rm");
    if (!client) return kExitFailed;
    if (!recursive_) return delete_one(context, *client, *uri);

    return remove_objects_under(context, *client, "rm", uri->bucket, uri->key, dryrun_);
  }

 private:
  int delete_one(Context& context, Client& client, const S3Uri& uri) {
    if (dryrun_) {
      context.print("(dryrun) delete: " + uri.to_string());
      return kExitOk;
    }
    auto done = client.delete_object(uri.bucket, uri.key);
    if (!done.ok()) {
      context.report_error("rm", uri.to_string(), done.error());
      return kExitFailed;
    }
    context.print("delete: " + uri.to_string());
    return kExitOk;
  }

  std::string path_;
  bool recursive_ = false;
  bool dryrun_ = false;
};

}  // namespace

std::unique_ptr<Verb> make_rm_verb() { return std::make_unique<RmVerb>(); }

}  // namespace hoist::cli

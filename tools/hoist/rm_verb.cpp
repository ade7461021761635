// hoist rm: deletes an object, or with --recursive every object under a prefix; with --uploads
// it aborts the multipart uploads in progress under a prefix instead, and deletes no object.
#include <CLI/CLI.hpp>
#include <string>

#include "hoist/s3_uri.h"
#include "tools/hoist/context.h"
#include "tools/hoist/filter_flags.h"
#include "tools/hoist/object_removal.h"
#include "tools/hoist/verb.h"

namespace hoist::cli {
namespace {

class RmVerb : public Verb {
 public:
  CLI::App* add_to(CLI::App& app) override {
    CLI::App* cmd = app.add_subcommand(
        "rm",
        "Delete an object, or every object under a prefix, or with --uploads abort every\n"
        "multipart upload in progress under a prefix (see 'hoist ls --uploads')");
    cmd->add_option("path", path_,
                    "s3://bucket/key, or s3://bucket[/prefix] with --recursive or --uploads")
        ->required();
    cmd->add_flag("--recursive,-r", recursive_, "delete every object under the prefix");
    cmd->add_flag("--uploads", uploads_,
                  "abort every multipart upload in progress under the prefix (implies "
                  "--recursive) and delete no object");
    cmd->add_flag("--dryrun", dryrun_, "print what would be deleted or aborted and change nothing");
    filters_.add_to(cmd);
    return cmd;
  }

  int run(Context& context) override {
    auto uri = parse_s3_uri(path_);
    if (!uri.ok()) return context.usage_error("rm", uri.error().message);
    if (uploads_) {
      Client* client = context.client("rm");
      if (!client) return kExitConfig;
      return abort_uploads_under(context, *client, *uri);
    }
    if (!recursive_ && uri->key.empty()) {
      return context.usage_error("rm", "'" + path_ +
                                           "' names a bucket; use --recursive to "
                                           "delete its objects or 'hoist rb' to remove it");
    }
    Client* client = context.client("rm");
    if (!client) return kExitConfig;
    if (!recursive_) return delete_one(context, *client, *uri);

    return remove_objects_under(context, *client, "rm", uri->bucket, folder_prefix(uri->key),
                                dryrun_, filters_.filters());
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

  // `s3://b/p` names the folder "p/", as in `rm --recursive`: an upload of "px" is not under it.
  // Lists first, then aborts one upload at a time: a failed abort is reported and the rest are
  // still attempted, so one stuck upload does not keep the others (and their parts) alive.
  int abort_uploads_under(Context& context, Client& client, const S3Uri& prefix) {
    auto uploads = client.list_multipart_uploads(prefix.bucket, folder_prefix(prefix.key));
    if (!uploads.ok()) {
      context.report_error("rm", prefix.to_string(), uploads.error());
      return kExitFailed;
    }
    int status = kExitOk;
    for (const auto& u : *uploads) {
      const std::string what =
          S3Uri{prefix.bucket, u.key}.to_string() + " (upload " + u.upload_id + ")";
      if (dryrun_) {
        context.print("(dryrun) abort: " + what);
        continue;
      }
      auto aborted = client.abort_multipart_upload(prefix.bucket, u.key, u.upload_id);
      if (!aborted.ok()) {
        context.report_error("rm", what, aborted.error());
        status = kExitFailed;
        continue;
      }
      context.print("abort: " + what);
    }
    return status;
  }

  std::string path_;
  bool recursive_ = false;
  bool uploads_ = false;
  bool dryrun_ = false;
  FilterFlags filters_;  // --recursive: which keys below the prefix to delete
};

}  // namespace

std::unique_ptr<Verb> make_rm_verb() { return std::make_unique<RmVerb>(); }

}  // namespace hoist::cli

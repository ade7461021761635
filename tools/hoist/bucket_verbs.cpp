// hoist mb and hoist rb: make and remove buckets.
#include <CLI/CLI.hpp>

#include "hoist/s3_uri.h"
#include "tools/hoist/context.h"
#include "tools/hoist/object_removal.h"
#include "tools/hoist/verb.h"

namespace hoist::cli {
namespace {

// Parses the bucket argument: "s3://bucket" (a key is refused: these verbs act on buckets).
Result<S3Uri> parse_bucket(std::string_view verb, const std::string& text) {
  auto uri = parse_s3_uri(text);
  if (uri.ok() && !uri->key.empty()) {
    return Error::make(
        ErrorKind::kInvalid, "InvalidArgument",
        "'" + text + "' names an object; " + std::string(verb) + " takes s3://bucket");
  }
  return uri;
}

class MbVerb : public Verb {
 public:
  CLI::App* add_to(CLI::App& app) override {
    CLI::App* cmd = app.add_subcommand("mb", "Make a bucket (in --region)");
    cmd->add_option("bucket", bucket_, "s3://bucket")->required();
    return cmd;
  }

  int run(Context& context) override {
    auto uri = parse_bucket("mb", bucket_);
    if (!uri.ok()) return context.usage_error("mb", uri.error().message);
    Client* client = context.client("mb");
    if (!client) return kExitConfig;
    auto done = client->create_bucket(uri->bucket);
    if (!done.ok()) {
      context.report_error("mb", "s3://" + uri->bucket, done.error());
      return kExitFailed;
    }
    context.print("make_bucket: " + uri->bucket);
    return kExitOk;
  }

 private:
  std::string bucket_;
};

class RbVerb : public Verb {
 public:
  CLI::App* add_to(CLI::App& app) override {
    CLI::App* cmd = app.add_subcommand("rb", "Remove an empty bucket (--force: empty it first)");
    cmd->add_option("bucket", bucket_, "s3://bucket")->required();
    cmd->add_flag("--force", force_, "delete every object in the bucket, then the bucket");
    return cmd;
  }

  int run(Context& context) override {
    auto uri = parse_bucket("rb", bucket_);
    if (!uri.ok()) return context.usage_error("rb", uri.error().message);
    Client* client = context.client("rb");
    if (!client) return kExitConfig;
    if (force_ && remove_objects_under(context, *client, "rb", uri->bucket, "", false) != kExitOk) {
      return kExitFailed;
    }
    auto done = client->delete_bucket(uri->bucket);
    if (!done.ok()) {
      context.report_error("rb", "s3://" + uri->bucket, done.error());
      return kExitFailed;
    }
    context.print("remove_bucket: " + uri->bucket);
    return kExitOk;
  }

 private:
  std::string bucket_;
  bool force_ = false;
};

}  // namespace

std::unique_ptr<Verb> make_mb_verb() { return std::make_unique<MbVerb>(); }
std::unique_ptr<Verb> make_rb_verb() { return std::make_unique<RbVerb>(); }

}  // namespace hoist::cli

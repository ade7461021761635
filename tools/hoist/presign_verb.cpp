// hoist presign: prints a URL that grants GET on one object until it expires.
#include <CLI/CLI.hpp>

#include "hoist/s3_uri.h"
#include "tools/hoist/context.h"
#include "tools/hoist/verb.h"

namespace hoist::cli {
namespace {

constexpr long kMaxExpiry = 7 * 24 * 3600;  // SigV4's limit for presigned URLs

class PresignVerb : public Verb {
 public:
  CLI::App* add_to(CLI::App& app) override {
    CLI::App* cmd = app.add_subcommand(
        "presign", "Print a URL that lets anyone download the object until it expires");
    cmd->add_option("path", path_, "s3://bucket/key")->required();
    cmd->add_option("--expires-in", expires_in_,
                    "seconds the URL stays valid, 1 to 604800 (7 days)")
        ->capture_default_str();
    return cmd;
  }

  int run(Context& context) override {
    auto uri = parse_s3_uri(path_);
    if (!uri.ok()) return context.usage_error("presign", uri.error().message);
    if (uri->key.empty()) return context.usage_error("presign", "'" + path_ + "' names no object");
    if (expires_in_ < 1 || expires_in_ > kMaxExpiry) {
      return context.usage_error("presign", "--expires-in must be between 1 and 604800 seconds");
    }
    Client* client = context.client("presign");
    if (!client) return kExitConfig;
    auto url = client->presign(uri->bucket, uri->key, std::chrono::seconds(expires_in_));
    if (!url.ok()) return context.report_stop("presign", uri->to_string(), url.error());
    context.print(*url);
    return kExitOk;
  }

 private:
  std::string path_;
  long expires_in_ = 3600;
};

}  // namespace

std::unique_ptr<Verb> make_presign_verb() { return std::make_unique<PresignVerb>(); }

}  // namespace hoist::cli

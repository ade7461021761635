// hoist verify: the restore test. Proves that the objects under a prefix hold exactly the
// files below a directory (checksums, plus what exists on one side only), without writing
// anything; exit 0 only when everything matches.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "hoist/s3_uri.h"
#include "tools/hoist/context.h"
#include "tools/hoist/filter_flags.h"
#include "tools/hoist/sse_customer_key.h"
#include "tools/hoist/verb.h"

namespace hoist::cli {
namespace {

const char* status_name(VerifyEntry::Status status) {
  switch (status) {
    case VerifyEntry::Status::kMatch:
      return "match";
    case VerifyEntry::Status::kDiffers:
      return "differs";
    case VerifyEntry::Status::kMissing:
      return "missing";
    case VerifyEntry::Status::kExtra:
      return "extra";
    case VerifyEntry::Status::kUnverifiable:
      return "unverifiable";
    case VerifyEntry::Status::kError:
      return "error";
  }
  return "error";
}

class VerifyVerb : public Verb {
 public:
  CLI::App* add_to(CLI::App& app) override {
    CLI::App* cmd = app.add_subcommand(
        "verify",
        "Check that a prefix holds exactly what a directory holds (the restore test).\n"
        "  hoist verify DIR s3://bucket/prefix              compare each file's CRC with the\n"
        "                                                  checksum S3 stored for its object\n"
        "  hoist verify DIR s3://bucket/prefix --download   stream every object back and hash\n"
        "                                                  it (nothing is written to disk)\n"
        "Prints each file that differs, is missing from the bucket, is extra in the bucket, or\n"
        "cannot be compared, then a summary. Exit 0 only when everything matches.");
    cmd->add_option("directory", directory_, "local directory")->required();
    cmd->add_option("url", url_, "s3://bucket/prefix")->required();
    cmd->add_flag("--download", options_.download,
                  "stream each object back and compare its bytes, for objects without a "
                  "full-object checksum or to read every byte back");
    cmd->add_flag("--no-follow-symlinks", no_follow_,
                  "skip symlinks instead of comparing what they point to");
    add_sse_customer_key_flags(cmd, &options_.sse_customer_algorithm, &options_.sse_customer_key,
                               &sse_c_key_text_, "read objects stored");
    filters_.add_to(cmd);
    return cmd;
  }

  int run(Context& context) override {
    auto uri = parse_s3_uri(url_);
    if (!uri.ok()) return context.usage_error("verify", uri.error().message);
    Client* client = context.client("verify");
    if (!client) return kExitConfig;
    options_.follow_symlinks = !no_follow_;
    options_.filters = filters_.filters();
    const bool json = context.format() == OutputFormat::kJson;
    nlohmann::json files = nlohmann::json::array();
    options_.on_entry = [&](const VerifyEntry& e) {
      if (json) {
        files.push_back({{"path", e.local_path},
                         {"url", "s3://" + e.bucket + "/" + e.key},
                         {"status", status_name(e.status)},
                         {"size", e.size},
                         {"algorithm", e.algorithm},
                         {"local_checksum", e.local_checksum},
                         {"object_checksum", e.object_checksum},
                         {"detail", e.detail}});
        return;
      }
      const std::string url = "s3://" + e.bucket + "/" + e.key;
      switch (e.status) {
        case VerifyEntry::Status::kMatch:
          break;
        case VerifyEntry::Status::kError:
          context.report_error("verify", e.local_path, *e.error);
          break;
        case VerifyEntry::Status::kExtra:
          context.print("extra: " + url + " (" + e.detail + ")");
          break;
        default:
          context.print(std::string(status_name(e.status)) + ": " + e.local_path + " (" + e.detail +
                        ")");
      }
    };
    Result<VerifySummary> result = client->verify(directory_, *uri, options_);
    if (!result.ok()) {
      return context.report_stop("verify", uri->to_string(), result.error(), kExitService);
    }
    const VerifySummary& s = *result;
    if (json) {
      nlohmann::json out = {{"directory", directory_},
                            {"url", uri->to_string()},
                            {"all_match", s.all_match()},
                            {"matched", s.matched},
                            {"differing", s.differing},
                            {"missing", s.missing},
                            {"extra", s.extra},
                            {"unverifiable", s.unverifiable},
                            {"errors", s.errors},
                            {"bytes_hashed", s.bytes_hashed},
                            {"bytes_downloaded", s.bytes_downloaded},
                            {"seconds", s.seconds},
                            {"files", files}};
      context.print_json(out);
    } else if (!context.options.quiet) {
      const uint64_t total =
          s.matched + s.differing + s.missing + s.extra + s.unverifiable + s.errors;
      context.print((s.all_match() ? "verified: " : "NOT verified: ") + std::to_string(total) +
                    " entries, " + std::to_string(s.matched) + " match, " +
                    std::to_string(s.differing) + " differ, " + std::to_string(s.missing) +
                    " missing, " + std::to_string(s.extra) + " extra, " +
                    std::to_string(s.unverifiable) + " unverifiable, " + std::to_string(s.errors) +
                    " errors");
    }
    return s.all_match() ? kExitOk : kExitFailed;
  }

 private:
  std::string directory_;
  std::string url_;
  bool no_follow_ = false;
  std::string sse_c_key_text_;
  FilterFlags filters_;
  VerifyOptions options_;
};

}  // namespace

std::unique_ptr<Verb> make_verify_verb() { return std::make_unique<VerifyVerb>(); }

}  // namespace hoist::cli

// hoist cp and hoist mv: copy files, directory trees (--recursive) and streams to S3, and
// objects back, through the parallel engine, with aws-cli's rules for naming the destination.
// mv is cp followed, for each object that arrived, by the removal of its source (a file that
// changed after it was listed stays, with an error).
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <vector>

#include "hoist/s3_uri.h"
#include "tools/hoist/context.h"
#include "tools/hoist/filter_flags.h"
#include "tools/hoist/interrupt.h"
#include "tools/hoist/transfer_flags.h"
#include "tools/hoist/transfer_output.h"
#include "tools/hoist/verb.h"

namespace hoist::cli {
namespace {

class CopyVerb : public Verb {
 public:
  explicit CopyVerb(bool move) : move_(move), name_(move ? "mv" : "cp") {}

  CLI::App* add_to(CLI::App& app) override {
    CLI::App* cmd = app.add_subcommand(name_, move_ ? kMoveHelp : kCopyHelp);
    cmd->add_option("source", source_, "local file, directory, -, or s3://bucket/key")->required();
    cmd->add_option("destination", destination_, "s3://bucket/key, local path or -")->required();
    cmd->add_flag("--recursive,-r", recursive_,
                  "copy a directory tree or every object under a prefix (s3://b/p means the "
                  "folder p/)");
    cmd->add_flag("--dryrun", dryrun_,
                  "print what would be copied ('(dryrun) upload: ...') and copy nothing");
    filters_.add_to(cmd);
    flags_.add_to(cmd);
    cmd->add_option("--expected-size", size_text_,
                    "size of a stdin upload, to choose a part size that fits 10,000 parts")
        ->check(byte_size_into(&expected_size_));
    return cmd;
  }

  int run(Context& context) override {
    const bool from_s3 = is_s3_uri(source_);
    const bool to_s3 = is_s3_uri(destination_);
    if (from_s3 && to_s3) {
      return context.usage_error(name_, "copying from s3:// to s3:// is not supported yet");
    }
    if (!from_s3 && !to_s3) {
      return context.usage_error(name_, "one of source and destination must be an s3:// URL");
    }
    if (move_ && (source_ == "-" || destination_ == "-")) {
      return context.usage_error(name_, "mv moves files and objects, not stdin or stdout");
    }
    return to_s3 ? upload(context) : download(context);
  }

 private:
  static constexpr const char* kCopyHelp =
      "Copy files to S3 and objects back, many requests in parallel.\n"
      "  hoist cp FILE s3://bucket/key         upload (a key ending in '/' gets the file name)\n"
      "  hoist cp DIR s3://bucket/prefix -r    upload a tree: keys are prefix/<path below DIR>\n"
      "  hoist cp - s3://bucket/key            upload stdin (streamed in parts)\n"
      "  hoist cp s3://bucket/key FILE|DIR     download (written whole or not at all)\n"
      "  hoist cp s3://bucket/prefix DIR -r    download every object in the folder prefix/\n"
      "  hoist cp s3://bucket/key -            download to stdout\n"
      "Files of --multipart-threshold or more go as multipart uploads. An interrupted\n"
      "multipart upload (Ctrl-C, a crash) resumes when the same command runs again.\n"
      "--exclude/--include pick files by their path below DIR (or key below the prefix).";
  static constexpr const char* kMoveHelp =
      "Move files to S3 or objects to local files: copy as 'hoist cp' does, then delete\n"
      "each source once its copy is confirmed (S3 answered, or the file was written and\n"
      "verified). A source whose copy failed is kept, and so is a file that changed after\n"
      "it was read (its object holds what was read; the file's newer bytes are not lost).\n"
      "  hoist mv FILE s3://bucket/key\n"
      "  hoist mv DIR s3://bucket/prefix -r    files below DIR (directories stay)\n"
      "  hoist mv s3://bucket/key FILE|DIR\n"
      "  hoist mv s3://bucket/prefix DIR -r    every object in the folder prefix/";

  int upload(Context& context) {
    auto uri = parse_s3_uri(destination_);
    if (!uri.ok()) return context.usage_error(name_, uri.error().message);
    if (source_ == "-" && recursive_) {
      return context.usage_error(name_, "--recursive cannot copy stdin");
    }
    return transfer(context, "upload", *uri, [&](Client& client) {
      return client.upload(source_, *uri, recursive_, flags_.options());
    });
  }

  int download(Context& context) {
    auto uri = parse_s3_uri(source_);
    if (!uri.ok()) return context.usage_error(name_, uri.error().message);
    return transfer(context, "download", *uri, [&](Client& client) {
      return client.download(*uri, destination_, recursive_, flags_.options());
    });
  }

  template <typename Run>
  int transfer(Context& context, const char* operation, const S3Uri& uri, Run run) {
    // aws-cli applies filters to a single file too: one that is excluded is passed over.
    if (!recursive_ && !single_included(uri)) return kExitOk;
    Client* client = context.client(name_);
    if (!client) return kExitConfig;
    if (!flags_.apply_profile_defaults(context, name_, client->settings())) return kExitConfig;
    TransferOptions& options = flags_.options();
    options.expected_size = expected_size_;
    options.filters = filters_.filters();
    options.dryrun = dryrun_;
    TransferOutput output(context, name_, operation, flags_.show_progress());
    output.ignore_archived(flags_.ignore_glacier_warnings());
    std::vector<std::string> moved_keys;  // downloaded objects, deleted once all are in
    int removal_status = kExitOk;
    const bool download = std::string(operation) == "download";
    // mv uploads: the Client removes each file once its object is stored (and keeps one that
    // changed meanwhile); mv downloads: the objects whose files arrived are deleted here.
    options.remove_uploaded_files = move_ && !dryrun_ && !download;
    if (move_ && !dryrun_) {
      output.on_arrival([&](const ObjectReport& r) {
        if (r.local_path.empty() || r.local_path == "-") return;
        if (download) {
          moved_keys.push_back(r.key);
        } else if (r.removal_error) {
          context.report_error(name_, r.local_path,
                               "uploaded, but not removed: " + r.removal_error->message);
          removal_status = kExitFailed;
        }
      });
    }
    output.attach(options);
    InterruptFlag interrupt;
    options.cancel = interrupt.flag();
    Result<TransferSummary> summary = run(*client);
    output.clear_progress();
    if (!summary.ok()) return context.report_stop(name_, uri.to_string(), summary.error());
    if (!moved_keys.empty()) {
      removal_status = delete_moved_objects(context, *client, uri.bucket, moved_keys);
    }
    SummaryExtras extras;
    extras.failed = removal_status != kExitOk;
    return output.finish(*summary, extras);
  }

  // mv downloads: the objects whose files arrived, deleted in batches once the transfer is
  // over (a crash before then leaves both copies, never neither).
  int delete_moved_objects(Context& context, Client& client, const std::string& bucket,
                           const std::vector<std::string>& keys) {
    int status = kExitOk;
    for (size_t at = 0; at < keys.size(); at += 1000) {
      const std::vector<std::string> batch(keys.begin() + at,
                                           keys.begin() + std::min(keys.size(), at + 1000));
      auto failures = client.delete_objects(bucket, batch);
      if (!failures.ok()) {
        context.report_error(name_, S3Uri{bucket, batch.front()}.to_string(),
                             "downloaded, but not deleted: " + failures.error().describe());
        status = kExitFailed;
        continue;
      }
      for (const auto& f : *failures) {
        context.report_error(name_, S3Uri{bucket, f.key}.to_string(),
                             "downloaded, but not deleted: " + f.error.describe());
        status = kExitFailed;
      }
    }
    return status;
  }

  // A single file or object under --exclude/--include: aws-cli matches its name (the part
  // after the last '/') against the filters.
  bool single_included(const S3Uri& uri) const {
    std::string name = is_s3_uri(source_) ? uri.key : source_;
    const auto slash = name.rfind('/');
    if (slash != std::string::npos) name = name.substr(slash + 1);
    return filters_include(filters_.filters(), name);
  }

  const bool move_;
  const std::string name_;
  std::string source_;
  std::string destination_;
  bool recursive_ = false;
  bool dryrun_ = false;
  std::string size_text_;
  uint64_t expected_size_ = 0;
  FilterFlags filters_;
  TransferFlags flags_;
};

}  // namespace

std::unique_ptr<Verb> make_cp_verb() { return std::make_unique<CopyVerb>(/*move=*/false); }
std::unique_ptr<Verb> make_mv_verb() { return std::make_unique<CopyVerb>(/*move=*/true); }

}  // namespace hoist::cli

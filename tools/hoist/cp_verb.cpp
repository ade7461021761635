// hoist cp: copies files, directory trees (--recursive) and streams to S3, and objects back,
// through the parallel engine, with aws-cli's rules for naming the destination.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "hoist/s3_uri.h"
#include "tools/hoist/context.h"
#include "tools/hoist/interrupt.h"
#include "tools/hoist/transfer_flags.h"
#include "tools/hoist/transfer_output.h"
#include "tools/hoist/verb.h"

namespace hoist::cli {
namespace {

class CpVerb : public Verb {
 public:
  CLI::App* add_to(CLI::App& app) override {
    CLI::App* cmd = app.add_subcommand(
        "cp",
        "Copy files to S3 and objects back, many requests in parallel.\n"
        "  hoist cp FILE s3://bucket/key         upload (a key ending in '/' gets the file name)\n"
        "  hoist cp DIR s3://bucket/prefix -r    upload a tree: keys are prefix/<path below DIR>\n"
        "  hoist cp - s3://bucket/key            upload stdin (streamed in parts)\n"
        "  hoist cp s3://bucket/key FILE|DIR     download (written whole or not at all)\n"
        "  hoist cp s3://bucket/prefix DIR -r    download every object under the prefix\n"
        "  hoist cp s3://bucket/key -            download to stdout\n"
        "Files of --multipart-threshold or more go as multipart uploads. An interrupted\n"
        "multipart upload (Ctrl-C, a crash) resumes when the same command runs again.");
    cmd->add_option("source", source_, "local file, directory, -, or s3://bucket/key")->required();
    cmd->add_option("destination", destination_, "s3://bucket/key, local path or -")->required();
    cmd->add_flag("--recursive,-r", recursive_,
                  "copy a directory tree or every object under a prefix");
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
      return context.usage_error("cp", "copying from s3:// to s3:// is not supported yet");
    }
    if (!from_s3 && !to_s3) {
      return context.usage_error("cp", "one of source and destination must be an s3:// URL");
    }
    return to_s3 ? upload(context) : download(context);
  }

 private:
  int upload(Context& context) {
    auto uri = parse_s3_uri(destination_);
    if (!uri.ok()) return context.usage_error("cp", uri.error().message);
    if (source_ == "-" && recursive_) {
      return context.usage_error("cp", "--recursive cannot copy stdin");
    }
    return transfer(context, "upload", *uri, [&](Client& client) {
      return client.upload(source_, *uri, recursive_, flags_.options());
    });
  }

  int download(Context& context) {
    auto uri = parse_s3_uri(source_);
    if (!uri.ok()) return context.usage_error("cp", uri.error().message);
    return transfer(context, "download", *uri, [&](Client& client) {
      return client.download(*uri, destination_, recursive_, flags_.options());
    });
  }

  template <typename Run>
  int transfer(Context& context, const char* operation, const S3Uri& uri, Run run) {
    Client* client = context.client("cp");
    if (!client) return kExitFailed;
    TransferOptions& options = flags_.options();
    options.expected_size = expected_size_;
    TransferOutput output(context, "cp", operation, flags_.show_progress());
    output.ignore_archived(flags_.ignore_glacier_warnings());
    output.attach(options);
    InterruptFlag interrupt;
    options.cancel = interrupt.flag();
    Result<TransferSummary> summary = run(*client);
    output.clear_progress();
    if (!summary.ok()) {
      const Error& e = summary.error();
      std::string subject =
          e.kind == ErrorKind::kLocal && !e.local_path.empty() ? e.local_path : uri.to_string();
      context.report_error("cp", subject, e);
      return kExitFailed;
    }
    return output.finish(*summary);
  }

  std::string source_;
  std::string destination_;
  bool recursive_ = false;
  std::string size_text_;
  uint64_t expected_size_ = 0;
  TransferFlags flags_;
};

}  // namespace

std::unique_ptr<Verb> make_cp_verb() { return std::make_unique<CpVerb>(); }

}  // namespace hoist::cli

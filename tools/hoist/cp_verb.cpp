// hoist cp: copies files, directory trees (--recursive) and streams to S3, and objects back,
// through the parallel engine, with aws-cli's rules for naming the destination.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "hoist/s3_uri.h"
#include "tools/hoist/byte_size.h"
#include "tools/hoist/context.h"
#include "tools/hoist/interrupt.h"
#include "tools/hoist/transfer_output.h"
#include "tools/hoist/verb.h"

namespace hoist::cli {
namespace {

// A CLI11 validator/converter for sizes such as "16MiB".
CLI::Validator byte_size_into(uint64_t* out) {
  return CLI::Validator(
      [out](std::string& text) -> std::string {
        auto size = parse_byte_size(text);
        if (!size) return "'" + text + "' is not a size (examples: 8MiB, 64M, 1G, 1048576)";
        *out = *size;
        return {};
      },
      "SIZE");
}

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
    cmd->add_option("--content-type", options_.content_type,
                    "Content-Type of uploaded objects (default application/octet-stream)");
    cmd->add_option("--checksum-algorithm", options_.checksum_algorithm,
                    "checksum S3 verifies on upload: CRC32, CRC32C, CRC64NVME, SHA1, SHA256 or "
                    "none; CRCs give multipart objects a FULL_OBJECT checksum")
        ->capture_default_str();
    cmd->add_option("--part-size", part_size_text_,
                    "bytes per part of a multipart upload and per ranged GET (default 8MiB; "
                    "5MiB to 5GiB; raised when a file would need more than 10,000 parts)")
        ->check(byte_size_into(&options_.part_size));
    cmd->add_option("--multipart-threshold", threshold_text_,
                    "files this large or larger go as multipart uploads (default 8MiB)")
        ->check(byte_size_into(&options_.multipart_threshold));
    cmd->add_option("--concurrency", options_.concurrency,
                    "requests in flight at once (default 8 per core, 16 to 64)")
        ->check(CLI::Range(1, 1024));
    cmd->add_option("--max-memory", memory_text_,
                    "cap on part buffers (default: one part per request in flight plus one per "
                    "thread, at most a quarter of RAM; --debug prints it)")
        ->check(byte_size_into(&options_.max_memory));
    cmd->add_option("--expected-size", size_text_,
                    "size of a stdin upload, to choose a part size that fits 10,000 parts")
        ->check(byte_size_into(&options_.expected_size));
    cmd->add_flag("--no-follow-symlinks", no_follow_,
                  "skip symlinks instead of copying what they point to");
    cmd->add_flag("--no-resume", no_resume_,
                  "do not journal multipart uploads; an interrupted one is aborted instead");
    cmd->add_option("--state-dir", options_.state_dir,
                    "where the resume journal lives (default $XDG_CACHE_HOME/hoist or "
                    "~/.cache/hoist)");
    cmd->add_flag("--fsync", options_.fsync,
                  "flush each downloaded file to disk before renaming it into place (survives "
                  "a power cut; slower)");
    cmd->add_flag("--no-progress", no_progress_, "no live progress line on a terminal");
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
    options_.follow_symlinks = !no_follow_;
    options_.resume = !no_resume_;
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
      return client.upload(source_, *uri, recursive_, options_);
    });
  }

  int download(Context& context) {
    auto uri = parse_s3_uri(source_);
    if (!uri.ok()) return context.usage_error("cp", uri.error().message);
    return transfer(context, "download", *uri, [&](Client& client) {
      return client.download(*uri, destination_, recursive_, options_);
    });
  }

  template <typename Run>
  int transfer(Context& context, const char* operation, const S3Uri& uri, Run run) {
    Client* client = context.client("cp");
    if (!client) return kExitFailed;
    TransferOutput output(context, "cp", operation, !no_progress_);
    output.attach(options_);
    InterruptFlag interrupt;
    options_.cancel = interrupt.flag();
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
  bool no_follow_ = false;
  bool no_resume_ = false;
  bool no_progress_ = false;
  std::string part_size_text_, threshold_text_, memory_text_, size_text_;
  TransferOptions options_;
};

}  // namespace

std::unique_ptr<Verb> make_cp_verb() { return std::make_unique<CpVerb>(); }

}  // namespace hoist::cli

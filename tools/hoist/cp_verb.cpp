// hoist cp: copies one file to S3 or one object to a local file (or stdout), with aws-cli's
// rules for naming the destination.
#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "hoist/s3_uri.h"
#include "tools/hoist/context.h"
#include "tools/hoist/verb.h"

namespace hoist::cli {
namespace {

std::string base_name(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool is_directory(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

class CpVerb : public Verb {
 public:
  CLI::App* add_to(CLI::App& app) override {
    CLI::App* cmd = app.add_subcommand(
        "cp",
        "Copy a local file to S3 or an S3 object to a local file.\n"
        "  hoist cp FILE s3://bucket/key       upload (a key ending in '/' gets the file name)\n"
        "  hoist cp s3://bucket/key FILE|DIR   download (written whole or not at all)\n"
        "  hoist cp s3://bucket/key -          download to stdout");
    cmd->add_option("source", source_, "local file or s3://bucket/key")->required();
    cmd->add_option("destination", destination_, "s3://bucket/key, local path or -")->required();
    cmd->add_option("--content-type", options_.content_type,
                    "Content-Type of the uploaded object (default application/octet-stream)");
    cmd->add_option("--checksum-algorithm", options_.checksum_algorithm,
                    "checksum S3 verifies on upload: CRC32, CRC32C, CRC64NVME, SHA1, SHA256 or "
                    "none (default CRC32C)")
        ->capture_default_str();
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
    if (to_s3) return upload(context);
    return download(context);
  }

 private:
  int upload(Context& context) {
    auto uri = parse_s3_uri(destination_);
    if (!uri.ok()) return context.usage_error("cp", uri.error().message);
    if (source_ == "-") {
      return context.usage_error("cp", "uploading from stdin is not supported yet");
    }
    if (uri->key.empty() || uri->key.back() == '/') uri->key += base_name(source_);

    Client* client = context.client("cp");
    if (!client) return kExitFailed;
    auto result = client->upload_file(source_, uri->bucket, uri->key, options_);
    if (!result.ok()) {
      const Error& e = result.error();
      context.report_error("cp", e.kind == ErrorKind::kLocal ? source_ : uri->to_string(), e);
      return kExitFailed;
    }
    if (context.format() == OutputFormat::kJson) {
      nlohmann::json out = {{"operation", "upload"},
                            {"source", source_},
                            {"destination", uri->to_string()},
                            {"bytes", result->bytes},
                            {"etag", result->etag}};
      if (!result->checksum_algorithm.empty()) {
        out["checksum"] = {{"algorithm", result->checksum_algorithm},
                           {"value", result->checksum_value}};
      }
      context.print(out.dump(2));
    } else {
      context.print("upload: " + source_ + " to " + uri->to_string());
    }
    return kExitOk;
  }

  int download(Context& context) {
    auto uri = parse_s3_uri(source_);
    if (!uri.ok()) return context.usage_error("cp", uri.error().message);
    if (uri->key.empty() || uri->key.back() == '/') {
      return context.usage_error("cp", "'" + source_ + "' names a prefix, not an object");
    }
    std::string target = destination_;
    if (target != "-" && (target.back() == '/' || is_directory(target))) {
      if (target.back() != '/') target += '/';
      target += base_name(uri->key);
    }

    Client* client = context.client("cp");
    if (!client) return kExitFailed;
    auto result = client->download_file(uri->bucket, uri->key, target);
    if (!result.ok()) {
      const Error& e = result.error();
      context.report_error("cp", e.kind == ErrorKind::kLocal ? target : uri->to_string(), e);
      return kExitFailed;
    }
    if (target == "-") return kExitOk;  // stdout carries the object itself
    if (context.format() == OutputFormat::kJson) {
      context.print(nlohmann::json{{"operation", "download"},
                                   {"source", uri->to_string()},
                                   {"destination", target},
                                   {"bytes", result->bytes},
                                   {"etag", result->etag},
                                   {"checksum_verified", result->checksum_verified}}
                        .dump(2));
    } else {
      context.print("download: " + uri->to_string() + " to " + target);
    }
    return kExitOk;
  }

  std::string source_;
  std::string destination_;
  UploadOptions options_;
};

}  // namespace

std::unique_ptr<Verb> make_cp_verb() { return std::make_unique<CpVerb>(); }

}  // namespace hoist::cli

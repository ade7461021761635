// hoist hash: the checksum and ETag S3 would report for local files, so a file can be
// checked against an object without downloading it.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "hoist/file_checksum.h"
#include "tools/hoist/byte_size.h"
#include "tools/hoist/context.h"
#include "tools/hoist/verb.h"

namespace hoist::cli {
namespace {

class HashVerb : public Verb {
 public:
  CLI::App* add_to(CLI::App& app) override {
    CLI::App* cmd = app.add_subcommand(
        "hash",
        "Print the checksum S3 would report for each file once uploaded.\n"
        "Without --part-size: the value of x-amz-checksum-<algorithm> for a single-request\n"
        "upload. With --part-size: for a multipart upload in parts of that size, the\n"
        "FULL_OBJECT value (CRC algorithms), the COMPOSITE value (<base64>-<parts>) and the\n"
        "multipart ETag.");
    cmd->add_option("files", files_, "local files")->required();
    cmd->add_option("--algorithm", algorithm_, "CRC64NVME, CRC32C, CRC32, SHA256, SHA1 or MD5")
        ->capture_default_str();
    cmd->add_option("--part-size", part_size_text_,
                    "multipart part size, e.g. 8MiB (5 MiB to 5 GiB; suffixes are binary)");
    return cmd;
  }

  int run(Context& context) override {
    uint64_t part_size = 0;
    if (!part_size_text_.empty()) {
      auto parsed = parse_byte_size(part_size_text_);
      if (!parsed)
        return context.usage_error("hash", "--part-size '" + part_size_text_ + "' is not a size");
      part_size = *parsed;
    }
    int status = kExitOk;
    nlohmann::json results = nlohmann::json::array();
    for (const auto& file : files_) {
      auto sums = checksum_file({file, algorithm_, part_size});
      if (!sums.ok()) {
        if (sums.error().kind == ErrorKind::kInvalid)
          return context.usage_error("hash", sums.error().message);
        context.report_error("hash", file, sums.error());
        status = kExitFailed;
        continue;
      }
      if (context.format() == OutputFormat::kJson) {
        results.push_back(to_json(file, *sums));
      } else {
        print_text(context, file, *sums);
      }
    }
    if (context.format() == OutputFormat::kJson) context.print_json(results);
    return status;
  }

 private:
  static nlohmann::json to_json(const std::string& file, const FileChecksums& s) {
    nlohmann::json out = {{"file", file}, {"algorithm", s.algorithm}, {"size", s.size}};
    if (s.parts > 0) out["parts"] = s.parts;
    if (!s.full_object.empty()) out["full_object"] = s.full_object;
    if (!s.composite.empty()) out["composite"] = s.composite;
    if (!s.etag.empty()) out["etag"] = s.etag;
    return out;
  }

  static void print_text(const Context& context, const std::string& file, const FileChecksums& s) {
    if (s.parts == 0) {
      context.print(s.algorithm + " " + s.full_object + "  " + file);
      return;
    }
    context.print(file + ": " + std::to_string(s.size) + " bytes in " + std::to_string(s.parts) +
                  " parts");
    context.print(
        "  full-object " + s.algorithm + " " +
        (s.full_object.empty() ? "(S3 has none for " + s.algorithm + ")" : s.full_object));
    context.print("  composite   " + s.algorithm + " " +
                  (s.composite.empty() ? "(S3 has none for " + s.algorithm + ")" : s.composite));
    context.print("  etag        \"" + s.etag + "\"");
  }

  std::vector<std::string> files_;
  std::string algorithm_ = "CRC64NVME";
  std::string part_size_text_;
};

}  // namespace

std::unique_ptr<Verb> make_hash_verb() { return std::make_unique<HashVerb>(); }

}  // namespace hoist::cli

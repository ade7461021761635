// TransferFlags: the flags every verb that moves objects shares (cp, sync): how objects are
// written (checksum, content type), how the engine runs (part size, concurrency, memory cap),
// the resume journal, fsync and the progress line. A verb registers them on its subcommand
// and, once CLI11 has parsed the command line, takes the finished TransferOptions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "hoist/client.h"
#include "hoist/transfer.h"
#include "tools/hoist/context.h"

namespace CLI {
class App;
class Option;
class Validator;
}  // namespace CLI

namespace hoist::cli {

// A CLI11 validator/converter for sizes such as "16MiB", storing the value into `out`.
CLI::Validator byte_size_into(uint64_t* out);
// Accepts the names in hoist::kStorageClasses; the refusal lists them.
CLI::Validator storage_class_validator();

class TransferFlags {
 public:
  void add_to(CLI::App* cmd);

  // Takes the profile's s3 transfer defaults (max_concurrent_requests, multipart_chunksize,
  // multipart_threshold, max_bandwidth, as aws-cli) for the flags not given on the command
  // line. A value that cannot be used is reported for `verb`; then false (exit kExitConfig).
  // REQUIRES: the command line was parsed.
  bool apply_profile_defaults(const Context& context, std::string_view verb,
                              const ResolvedSettings& settings);

  // The options the parsed flags ask for. REQUIRES: the command line was parsed.
  TransferOptions& options();
  bool show_progress() const { return !no_progress_; }
  // Downloads: archived objects that are not restored are skipped without a warning, and the
  // exit status ignores them.
  bool ignore_glacier_warnings() const { return ignore_glacier_warnings_; }

 private:
  // Encryption, tags, metadata, Content-Type guessing, ACL and object lock of uploads.
  void add_object_options(CLI::App* cmd);

  TransferOptions options_;
  CLI::Option* part_size_flag_ = nullptr;
  CLI::Option* threshold_flag_ = nullptr;
  CLI::Option* concurrency_flag_ = nullptr;
  CLI::Option* bwlimit_flag_ = nullptr;
  bool follow_ = false;  // --follow-symlinks: the default, spelled out
  bool no_follow_ = false;
  bool no_resume_ = false;
  bool no_progress_ = false;
  std::string part_size_text_, threshold_text_, memory_text_;
  std::string bwlimit_text_;
  bool no_guess_mime_type_ = false;
  std::string sse_c_key_text_;  // as given; the key's bytes go to options_
  bool ignore_glacier_warnings_ = false;

  // "" or what is wrong with one of the profile's defaults.
  std::string take_profile_defaults(const std::vector<ProfileTransferSetting>& defaults);
};

}  // namespace hoist::cli

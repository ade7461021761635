// TransferFlags: the flags every verb that moves objects shares (cp, sync): how objects are
// written (checksum, content type), how the engine runs (part size, concurrency, memory cap),
// the resume journal, fsync and the progress line. A verb registers them on its subcommand
// and, once CLI11 has parsed the command line, takes the finished TransferOptions.
#pragma once

#include <cstdint>
#include <string>

#include "hoist/transfer.h"

namespace CLI {
class App;
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
  bool no_follow_ = false;
  bool no_resume_ = false;
  bool no_progress_ = false;
  std::string part_size_text_, threshold_text_, memory_text_;
  std::string bwlimit_text_;
  bool no_guess_mime_type_ = false;
  std::string sse_c_key_text_;  // as given; the key's bytes go to options_
  bool ignore_glacier_warnings_ = false;
};

}  // namespace hoist::cli

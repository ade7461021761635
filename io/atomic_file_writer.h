// AtomicFileWriter: writes a downloaded file so that it never looks complete until it is.
// Bytes go to a hidden temporary file beside the target; commit() renames it into place
// (after an fsync when asked, so it also survives a power cut); destroying the writer without
// commit() removes the temporary file. Every file operation goes through an Env, so the transfer
// engine writes with its io_uring queues and tests can inject ENOSPC or EIO.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "io/env.h"
#include "io/file.h"
#include "io/status.h"

namespace hoist::io {

class AtomicFileWriter {
 public:
  // Creates the temporary file in the target's directory (so the rename stays on one file
  // system). "-" is not a path: callers handle stdout themselves.
  // REQUIRES: env outlives the writer.
  static Status create(Env* env, const std::string& target_path,
                       std::unique_ptr<AtomicFileWriter>* out);
  // Takes up `temp_path`, a temporary file for `target_path` that keep() left behind, as it
  // is (a paused download resumed). Fails with EINVAL for a path that is not one create()
  // would make for the target, so a forged resume token cannot aim writes and renames
  // elsewhere.
  static Status reopen(Env* env, const std::string& target_path, const std::string& temp_path,
                       std::unique_ptr<AtomicFileWriter>* out);
  // Removes `temp_path`, a temporary file for `target_path` that keep() left behind and
  // nothing will take up; EINVAL for a name reopen() would refuse, so nothing else goes.
  static Status remove_kept(Env* env, const std::string& target_path, const std::string& temp_path);
  ~AtomicFileWriter();
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  // The temporary file, for writes queued on an IoQueue of the same Env.
  const File& file() const { return *file_; }

  // Writes all of `data` at `offset` with a blocking pwrite (for callers without a queue).
  Status write_at(uint64_t offset, const char* data, size_t size);

  // Optionally sets the modification time the file will have (nanoseconds since the epoch).
  Status set_mtime(int64_t mtime_ns);

  // Optionally sets the file's permission bits (fchmod), instead of 0666 under the umask.
  Status set_mode(uint32_t permissions);

  // Renames the file over the target, after an fsync when `durable`. Without it the file
  // still appears only complete, but a power cut soon after may lose its data.
  // REQUIRES: called at most once.
  Status commit(bool durable = true);

  // Closes the temporary file and leaves it in place (neither renamed nor removed), for
  // reopen() to take up later; returns its path. REQUIRES: not committed.
  std::string keep();

  const std::string& temp_path() const { return temp_path_; }
  const std::string& target_path() const { return target_path_; }

 private:
  AtomicFileWriter(Env* env, std::unique_ptr<File> file, std::string target, std::string temp);
  Env* env_;
  std::unique_ptr<File> file_;
  std::string target_path_;
  std::string temp_path_;
  bool committed_ = false;
};

}  // namespace hoist::io

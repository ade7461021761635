// AtomicFileWriter: writes a downloaded file so that it never looks complete until it is.
// Bytes go to a hidden temporary file beside the target; commit() syncs it and renames it
// into place; destroying the writer without commit() removes the temporary file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "io/status.h"

namespace hoist::io {

class AtomicFileWriter {
 public:
  // Creates the temporary file in the target's directory (so the rename stays on one file
  // system). "-" is not a path: callers handle stdout themselves.
  static Status create(const std::string& target_path, std::unique_ptr<AtomicFileWriter>* out);
  ~AtomicFileWriter();
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  // Writes all of `data` at `offset`.
  Status write_at(uint64_t offset, const char* data, size_t size);

  // Optionally sets the modification time the file will have (nanoseconds since the epoch).
  Status set_mtime(int64_t mtime_ns);

  // fsync, then rename over the target. REQUIRES: called at most once.
  Status commit();

  const std::string& temp_path() const { return temp_path_; }

 private:
  AtomicFileWriter(int fd, std::string target, std::string temp);
  int fd_;
  std::string target_path_;
  std::string temp_path_;
  bool committed_ = false;
};

}  // namespace hoist::io

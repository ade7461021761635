// File: an open descriptor with the path it was opened by and what fstat said at open time.
// It is the handle every Env call and IoQueue request names; the Env that opened it decides
// how bytes move, the File only owns the descriptor (closed by the destructor).
#pragma once

#include <string>

#include "io/file_stat.h"
#include "io/status.h"

namespace hoist::io {

class File {
 public:
  // Takes ownership of `fd`.
  File(int fd, std::string path, const FileStat& stat_at_open, bool direct);
  ~File();
  File(const File&) = delete;
  File& operator=(const File&) = delete;

  int fd() const { return fd_; }
  const std::string& path() const { return path_; }
  const FileStat& stat_at_open() const { return stat_; }

  // True when opened with O_DIRECT. REQUIRES for every request on such a file: offset,
  // length and buffer address are multiples of kDirectAlignment (the last read of a file
  // may return fewer bytes than asked, as at any end of file).
  bool direct() const { return direct_; }

  // The file's size and mtime now (fstat), to compare with stat_at_open().
  Status current_stat(FileStat* out) const;

 private:
  int fd_;
  std::string path_;
  FileStat stat_;
  bool direct_;
};

// Alignment O_DIRECT asks of offsets, lengths and buffers, and that BufferPool provides.
inline constexpr size_t kDirectAlignment = 4096;

}  // namespace hoist::io

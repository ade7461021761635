// ReadableFile: a local file opened for positional reads, with the size and modification time
// it had when opened, so a caller can tell whether it changed while being read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "io/file_stat.h"
#include "io/status.h"

namespace hoist::io {

class ReadableFile {
 public:
  // Opens `path` for reading. Fails with EISDIR for a directory.
  static Status open(const std::string& path, std::unique_ptr<ReadableFile>* out);
  ~ReadableFile();
  ReadableFile(const ReadableFile&) = delete;
  ReadableFile& operator=(const ReadableFile&) = delete;

  // Reads up to `size` bytes at `offset` into `dst`; *read_bytes < size only at end of file.
  Status read_at(uint64_t offset, size_t size, char* dst, size_t* read_bytes) const;

  // The file's current size and mtime (fstat), to compare with stat_at_open().
  Status current_stat(FileStat* out) const;

  const FileStat& stat_at_open() const { return stat_; }
  const std::string& path() const { return path_; }

 private:
  ReadableFile(int fd, std::string path, FileStat stat);
  int fd_;
  std::string path_;
  FileStat stat_;
};

}  // namespace hoist::io

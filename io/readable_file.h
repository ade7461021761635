// ReadableFile: a local file opened for positional, blocking reads, with the size and
// modification time it had when opened, so a caller can tell whether it changed while being
// read. A synchronous convenience over an Env's File and Env::read_at for callers with no
// IoQueue.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "io/env.h"
#include "io/file.h"
#include "io/file_stat.h"
#include "io/status.h"

namespace hoist::io {

class ReadableFile {
 public:
  // Opens `path` for reading through `env`. Fails with EISDIR for a directory.
  // REQUIRES: env outlives the ReadableFile.
  static Status open(Env* env, const std::string& path, std::unique_ptr<ReadableFile>* out);

  // Reads up to `size` bytes at `offset` into `dst`; *read_bytes < size only at end of file.
  Status read_at(uint64_t offset, size_t size, char* dst, size_t* read_bytes) const;

  // The file's current size and mtime (fstat), to compare with stat_at_open().
  Status current_stat(FileStat* out) const { return file_->current_stat(out); }

  const FileStat& stat_at_open() const { return file_->stat_at_open(); }
  const std::string& path() const { return file_->path(); }

 private:
  ReadableFile(Env* env, std::unique_ptr<File> file) : env_(env), file_(std::move(file)) {}
  Env* env_;
  std::unique_ptr<File> file_;
};

}  // namespace hoist::io

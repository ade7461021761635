// PosixEnv: Env on plain system calls. Its queue performs each request with pread/pwrite
// inside submit(), so reap() never waits. UringEnv inherits the file operations and replaces
// only the queue.
#pragma once

#include <memory>
#include <string>

#include "io/env.h"

namespace hoist::io {

// Reads `length` bytes at `offset` with pread, retrying EINTR and partial reads. Returns the
// bytes read (fewer only at end of file) or -errno.
int64_t pread_full(int fd, char* buffer, size_t length, uint64_t offset);

class PosixEnv : public Env {
 public:
  const char* name() const override { return "posix"; }
  Status open_for_read(const std::string& path, const OpenOptions& options,
                       std::unique_ptr<File>* out) override;
  Status open_for_write(const std::string& path, const OpenOptions& options,
                        std::unique_ptr<File>* out) override;
  Status open_directory(const std::string& path, int* fd) override;
  Status read_at(const File& file, uint64_t offset, size_t size, char* dst,
                 size_t* read_bytes) override;
  Status stat(const std::string& path, FileStat* out) override;
  Status stat_entry(int dir_fd, const std::string& dir_path, const char* name, bool follow_symlinks,
                    struct stat* out) override;
  Status sync(const File& file) override;
  Status rename(const std::string& from, const std::string& to) override;
  Status unlink(const std::string& path) override;
  Status create_directories(const std::string& path) override;
  Status new_queue(const QueueOptions& options, std::unique_ptr<IoQueue>* out) override;
};

}  // namespace hoist::io

#include "io/readable_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace hoist::io {

Status ReadableFile::open(const std::string& path, std::unique_ptr<ReadableFile>* out) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::from_errno(errno, "open", path);
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return Status::from_errno(err, "stat", path);
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return Status::from_errno(EISDIR, "open", path);
  }
  out->reset(new ReadableFile(fd, path, to_file_stat(st)));
  return {};
}

ReadableFile::ReadableFile(int fd, std::string path, FileStat stat)
    : fd_(fd), path_(std::move(path)), stat_(stat) {}

ReadableFile::~ReadableFile() { ::close(fd_); }

Status ReadableFile::read_at(uint64_t offset, size_t size, char* dst, size_t* read_bytes) const {
  size_t done = 0;
  while (done < size) {
    ssize_t n = ::pread(fd_, dst + done, size - done, static_cast<off_t>(offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      *read_bytes = done;
      return Status::from_errno(errno, "read", path_);
    }
    if (n == 0) break;  // end of file
    done += static_cast<size_t>(n);
  }
  *read_bytes = done;
  return {};
}

Status ReadableFile::current_stat(FileStat* out) const {
  struct stat st {};
  if (::fstat(fd_, &st) != 0) return Status::from_errno(errno, "stat", path_);
  *out = to_file_stat(st);
  return {};
}

}  // namespace hoist::io

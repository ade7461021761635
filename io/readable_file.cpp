#include "io/readable_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace hoist::io {
namespace {

FileStat to_file_stat(const struct stat& st) {
  FileStat out;
  out.size = static_cast<uint64_t>(st.st_size);
  out.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
  out.is_regular = S_ISREG(st.st_mode);
  out.is_directory = S_ISDIR(st.st_mode);
  return out;
}

}  // namespace

Status stat_path(const std::string& path, FileStat* out) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return Status::from_errno(errno, "stat", path);
  *out = to_file_stat(st);
  return {};
}

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

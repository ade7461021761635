#include "io/file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace hoist::io {

File::File(int fd, std::string path, const FileStat& stat_at_open, bool direct)
    : fd_(fd), path_(std::move(path)), stat_(stat_at_open), direct_(direct) {}

File::~File() { ::close(fd_); }

Status File::current_stat(FileStat* out) const {
  struct stat st {};
  if (::fstat(fd_, &st) != 0) return Status::from_errno(errno, "stat", path_);
  *out = to_file_stat(st);
  return {};
}

}  // namespace hoist::io

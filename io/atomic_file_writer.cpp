#include "io/atomic_file_writer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

namespace hoist::io {
namespace {

std::string parent_dir(const std::string& path) {
  auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string base_name(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

Status AtomicFileWriter::create(const std::string& target_path,
                                std::unique_ptr<AtomicFileWriter>* out) {
  std::string pattern = parent_dir(target_path) + "/." + base_name(target_path) + ".hoist-XXXXXX";
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  int fd = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd < 0) return Status::from_errno(errno, "create temporary file for", target_path);
  // mkstemp makes the file 0600; a downloaded file gets the usual mode under the umask.
  mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  out->reset(new AtomicFileWriter(fd, target_path, std::string(name.data())));
  return {};
}

AtomicFileWriter::AtomicFileWriter(int fd, std::string target, std::string temp)
    : fd_(fd), target_path_(std::move(target)), temp_path_(std::move(temp)) {}

AtomicFileWriter::~AtomicFileWriter() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_) ::unlink(temp_path_.c_str());
}

Status AtomicFileWriter::write_at(uint64_t offset, const char* data, size_t size) {
  size_t done = 0;
  while (done < size) {
    ssize_t n = ::pwrite(fd_, data + done, size - done, static_cast<off_t>(offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::from_errno(errno, "write", target_path_);
    }
    done += static_cast<size_t>(n);
  }
  return {};
}

Status AtomicFileWriter::set_mtime(int64_t mtime_ns) {
  struct timespec times[2];
  times[0].tv_sec = 0;
  times[0].tv_nsec = UTIME_OMIT;
  // Rounded down: a time before 1970 still needs 0 <= tv_nsec < 1e9, or futimens fails.
  int64_t seconds = mtime_ns / 1'000'000'000;
  int64_t nanoseconds = mtime_ns % 1'000'000'000;
  if (nanoseconds < 0) {
    nanoseconds += 1'000'000'000;
    --seconds;
  }
  times[1].tv_sec = seconds;
  times[1].tv_nsec = nanoseconds;
  if (::futimens(fd_, times) != 0) return Status::from_errno(errno, "set mtime of", target_path_);
  return {};
}

Status AtomicFileWriter::commit() {
  if (::fsync(fd_) != 0) return Status::from_errno(errno, "sync", target_path_);
  if (::close(fd_) != 0) {
    fd_ = -1;
    return Status::from_errno(errno, "close", target_path_);
  }
  fd_ = -1;
  if (::rename(temp_path_.c_str(), target_path_.c_str()) != 0) {
    return Status::from_errno(errno, "rename into", target_path_);
  }
  committed_ = true;
  return {};
}

}  // namespace hoist::io

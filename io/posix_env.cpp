#include "io/posix_env.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <vector>

namespace hoist::io {
namespace {

// Opens with `flags`, adding O_DIRECT when asked and dropping it again where the file system
// refuses it (EINVAL: tmpfs, some FUSE and network file systems).
int open_maybe_direct(const std::string& path, int flags, bool direct, bool* got_direct) {
  *got_direct = false;
  if (direct) {
    int fd = ::open(path.c_str(), flags | O_DIRECT, 0666);
    if (fd >= 0 || errno != EINVAL) {
      *got_direct = fd >= 0;
      return fd;
    }
  }
  return ::open(path.c_str(), flags, 0666);
}

Status make_file(int fd, const std::string& path, bool direct, bool refuse_directory,
                 std::unique_ptr<File>* out) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return Status::from_errno(err, "stat", path);
  }
  if (refuse_directory && S_ISDIR(st.st_mode)) {
    ::close(fd);
    return Status::from_errno(EISDIR, "open", path);
  }
  *out = std::make_unique<File>(fd, path, to_file_stat(st), direct);
  return {};
}

// Calls `move(done)` (a pread or pwrite of what remains after `done` bytes) until `length`
// bytes have moved, retrying EINTR. When a call moves nothing (end of file for a read), the
// result is the bytes so far if on_no_progress is 0, else on_no_progress (-errno).
template <typename Move>
int64_t transfer_full(size_t length, int64_t on_no_progress, Move move) {
  size_t done = 0;
  while (done < length) {
    ssize_t n = move(done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -errno;
    }
    if (n == 0) return on_no_progress != 0 ? on_no_progress : static_cast<int64_t>(done);
    done += static_cast<size_t>(n);
  }
  return static_cast<int64_t>(done);
}

int64_t pwrite_full(int fd, const char* buffer, size_t length, uint64_t offset) {
  // A write that makes no progress on a regular file will not make any later: do not spin.
  return transfer_full(length, /*on_no_progress=*/-EIO, [&](size_t done) {
    return ::pwrite(fd, buffer + done, length - done, static_cast<off_t>(offset + done));
  });
}

// Completes each request inside submit(); completions wait in a ring of depth() entries.
class PosixQueue : public IoQueue {
 public:
  explicit PosixQueue(unsigned depth) : done_(depth) {}

  const char* name() const override { return "posix"; }
  unsigned depth() const override { return static_cast<unsigned>(done_.size()); }
  unsigned in_flight() const override { return count_; }

  Status submit(std::span<const IoRequest> requests) override {
    if (count_ + requests.size() > done_.size()) {
      return Status{EBUSY, "submit: more requests than the queue depth"};
    }
    for (const IoRequest& request : requests) {
      int64_t result =
          request.op == IoOp::kRead
              ? pread_full(request.file->fd(), request.buffer, request.length, request.offset)
              : pwrite_full(request.file->fd(), request.buffer, request.length, request.offset);
      done_[(head_ + count_) % done_.size()] = IoCompletion{request.tag, result};
      ++count_;
    }
    return {};
  }

  Status reap(size_t, std::span<IoCompletion> out, size_t* reaped) override {
    size_t n = 0;
    while (n < out.size() && count_ > 0) {
      out[n++] = done_[head_];
      head_ = (head_ + 1) % done_.size();
      --count_;
    }
    *reaped = n;
    return {};
  }

  Status register_buffers(std::span<const iovec>) override { return {}; }

 private:
  std::vector<IoCompletion> done_;
  size_t head_ = 0;
  unsigned count_ = 0;
};

}  // namespace

int64_t pread_full(int fd, char* buffer, size_t length, uint64_t offset) {
  return transfer_full(length, /*on_no_progress=*/0, [&](size_t done) {
    return ::pread(fd, buffer + done, length - done, static_cast<off_t>(offset + done));
  });
}

Status PosixEnv::open_for_read(const std::string& path, const OpenOptions& options,
                               std::unique_ptr<File>* out) {
  bool direct = false;
  int fd = open_maybe_direct(path, O_RDONLY | O_CLOEXEC, options.direct, &direct);
  if (fd < 0) return Status::from_errno(errno, "open", path);
  return make_file(fd, path, direct, /*refuse_directory=*/true, out);
}

Status PosixEnv::open_for_write(const std::string& path, const OpenOptions& options,
                                std::unique_ptr<File>* out) {
  int flags = O_WRONLY | O_CLOEXEC;
  if (!options.existing) {
    flags |= O_CREAT | (options.exclusive ? O_EXCL : O_TRUNC);
  } else {
    // Never a symlink followed elsewhere, nor a FIFO that would block the open.
    flags |= O_NOFOLLOW | O_NONBLOCK;
  }
  bool direct = false;
  int fd = open_maybe_direct(path, flags, options.direct, &direct);
  if (fd < 0) return Status::from_errno(errno, options.existing ? "open" : "create", path);
  Status made = make_file(fd, path, direct, /*refuse_directory=*/false, out);
  if (made.ok() && options.existing && !(*out)->stat_at_open().is_regular) {
    out->reset();
    return Status::from_errno(EINVAL, "open (not a regular file)", path);
  }
  return made;
}

Status PosixEnv::open_directory(const std::string& path, int* fd) {
  *fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (*fd < 0) return Status::from_errno(errno, "open directory", path);
  return {};
}

Status PosixEnv::read_at(const File& file, uint64_t offset, size_t size, char* dst,
                         size_t* read_bytes) {
  int64_t n = pread_full(file.fd(), dst, size, offset);
  if (n < 0) {
    *read_bytes = 0;
    return Status::from_errno(static_cast<int>(-n), "read", file.path());
  }
  *read_bytes = static_cast<size_t>(n);
  return {};
}

Status PosixEnv::stat(const std::string& path, FileStat* out) { return stat_path(path, out); }

Status PosixEnv::stat_entry(int dir_fd, const std::string& dir_path, const char* name,
                            bool follow_symlinks, struct stat* out) {
  if (::fstatat(dir_fd, name, out, follow_symlinks ? 0 : AT_SYMLINK_NOFOLLOW) != 0) {
    return Status::from_errno(errno, "stat", entry_path(dir_path, name));
  }
  return {};
}

Status PosixEnv::sync(const File& file) {
  if (::fsync(file.fd()) != 0) return Status::from_errno(errno, "sync", file.path());
  return {};
}

Status PosixEnv::rename(const std::string& from, const std::string& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) return Status::from_errno(errno, "rename into", to);
  return {};
}

Status PosixEnv::unlink(const std::string& path) {
  if (::unlink(path.c_str()) != 0) return Status::from_errno(errno, "remove", path);
  return {};
}

Status PosixEnv::create_directories(const std::string& path) {
  // Parents first, each mkdir tolerating one that exists (or that another thread made first);
  // the final stat tells a directory from a file of that name.
  for (size_t slash = path.find('/', 1); slash != std::string::npos;
       slash = path.find('/', slash + 1)) {
    const std::string parent = path.substr(0, slash);
    if (::mkdir(parent.c_str(), 0777) != 0 && errno != EEXIST) {
      return Status::from_errno(errno, "create directory", parent);
    }
  }
  if (::mkdir(path.c_str(), 0777) != 0 && errno != EEXIST) {
    return Status::from_errno(errno, "create directory", path);
  }
  FileStat st;
  Status found = stat_path(path, &st);
  if (!found.ok()) return Status::from_errno(found.error, "create directory", path);
  if (!st.is_directory) return Status::from_errno(ENOTDIR, "create directory", path);
  return {};
}

Status PosixEnv::new_queue(const QueueOptions& options, std::unique_ptr<IoQueue>* out) {
  if (options.depth == 0) return Status{EINVAL, "queue depth must be at least 1"};
  *out = std::make_unique<PosixQueue>(options.depth);
  return {};
}

std::unique_ptr<Env> new_posix_env() { return std::make_unique<PosixEnv>(); }

}  // namespace hoist::io

// Env: every operating-system call io/ makes on files, behind one small interface, so the
// transfer engine can run on io_uring, on plain pread/pwrite, or on a fault-injecting
// wrapper in tests without knowing which. default_env() picks the fastest that works here.
//
// Thread-safe: one Env serves every thread. IoQueues it makes belong to one thread each.
#pragma once

#include <sys/stat.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "io/file.h"
#include "io/file_stat.h"
#include "io/io_queue.h"
#include "io/status.h"

namespace hoist::io {

struct OpenOptions {
  // O_DIRECT: bypass the page cache (large aligned transfers only; see File::direct()).
  // Where the file system refuses it, the file opens without it and File::direct() says so.
  bool direct = false;
  // Writes only: fail with EEXIST instead of truncating an existing file.
  bool exclusive = false;
  // Writes only: open an existing regular file as it is, neither creating nor truncating it
  // (the temporary file of a paused download, taken up again); a symlink or anything but a
  // regular file is refused (ELOOP, EINVAL).
  bool existing = false;
};

class Env {
 public:
  virtual ~Env() = default;

  // "io_uring", "posix", "fault(io_uring)": which implementation moves the bytes.
  virtual const char* name() const = 0;

  // Opens an existing file for positional reads. Fails with EISDIR for a directory.
  virtual Status open_for_read(const std::string& path, const OpenOptions& options,
                               std::unique_ptr<File>* out) = 0;
  // Creates (or truncates) `path` for positional writes, mode 0666 under the umask.
  virtual Status open_for_write(const std::string& path, const OpenOptions& options,
                                std::unique_ptr<File>* out) = 0;
  // Opens a directory for listing (O_DIRECTORY), following symlinks; *fd is the caller's.
  virtual Status open_directory(const std::string& path, int* fd) = 0;

  // Reads up to `size` bytes at `offset` into `dst`, blocking the calling thread; *read_bytes
  // < size only at end of file. For callers with no IoQueue (hashing a file, re-reading a
  // part to adopt it); bulk data moves through queues.
  virtual Status read_at(const File& file, uint64_t offset, size_t size, char* dst,
                         size_t* read_bytes) = 0;

  virtual Status stat(const std::string& path, FileStat* out) = 0;
  // One entry `name` of the directory open as `dir_fd` (whose path is `dir_path`, for errors
  // and faults), without following a symlink unless `follow_symlinks`: a walk's stat.
  virtual Status stat_entry(int dir_fd, const std::string& dir_path, const char* name,
                            bool follow_symlinks, struct stat* out) = 0;
  virtual Status sync(const File& file) = 0;  // fsync
  virtual Status rename(const std::string& from, const std::string& to) = 0;
  virtual Status unlink(const std::string& path) = 0;
  // Makes `path` and any missing parents, mode 0777 under the umask (mkdir -p). A path that
  // exists as a directory (or a symlink to one) is success; as anything else, ENOTDIR.
  virtual Status create_directories(const std::string& path) = 0;

  // A new queue for the calling thread.
  virtual Status new_queue(const QueueOptions& options, std::unique_ptr<IoQueue>* out) = 0;
};

// pread/pwrite: works everywhere; queues complete each request inside submit().
std::unique_ptr<Env> new_posix_env();

// io_uring: batched submission, fixed buffers. Fails (with io_uring_queue_init's errno)
// where the kernel or a seccomp profile refuses io_uring.
Status new_uring_env(std::unique_ptr<Env>* out);

// The path of entry `name` of directory `dir_path`, as a walk names it.
std::string entry_path(const std::string& dir_path, const char* name);

enum class EnvKind { kPosix, kUring };

struct EnvChoice {
  EnvKind kind = EnvKind::kPosix;
  std::string reason;  // why, for --debug: "HOIST_IO=posix", "io_uring unavailable: ..."
};

// The decision default_env() makes, from the value of HOIST_IO (nullptr when unset) and
// the result of trying io_uring (0, or the negative errno io_uring_queue_init returned).
// HOIST_IO=posix forces pread/pwrite; otherwise io_uring unless it failed (ENOSYS: kernel
// without it; EPERM: seccomp or io_uring_disabled; ENOMEM: locked-memory limit).
EnvChoice choose_env(const char* hoist_io, int uring_probe_result);

// A new Env as choose_env() decides from $HOIST_IO and a probe of io_uring; *choice says why.
std::unique_ptr<Env> new_env_from_environment(EnvChoice* choice);

// The process's Env: new_env_from_environment() on first use, kept for the process's life.
Env* default_env();
// Why default_env() is what it is.
const EnvChoice& default_env_choice();

}  // namespace hoist::io

#include "io/atomic_file_writer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <random>
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

// Every temporary file for `target_path` is this prefix and a suffix of hex digits.
std::string temp_prefix(const std::string& target_path) {
  return parent_dir(target_path) + "/." + base_name(target_path) + ".hoist-";
}

bool is_temp_of(const std::string& target_path, const std::string& temp_path) {
  const std::string prefix = temp_prefix(target_path);
  if (temp_path.size() <= prefix.size() || temp_path.compare(0, prefix.size(), prefix) != 0) {
    return false;
  }
  return temp_path.find_first_not_of("0123456789abcdef", prefix.size()) == std::string::npos;
}

}  // namespace

Status AtomicFileWriter::create(Env* env, const std::string& target_path,
                                std::unique_ptr<AtomicFileWriter>* out) {
  static std::atomic<uint64_t> sequence{0};
  const std::string prefix = temp_prefix(target_path);
  // Seeded once a thread: a std::random_device made for each file cost 4% of the CPU of a
  // download of many small files.
  thread_local std::minstd_rand random{std::random_device{}()};
  for (int attempt = 0;; ++attempt) {
    // Unique per process and attempt; exclusive creation settles a clash with anyone else.
    char suffix[32];
    std::snprintf(suffix, sizeof suffix, "%06x%04x", static_cast<unsigned>(random() & 0xffffff),
                  static_cast<unsigned>(sequence.fetch_add(1) & 0xffff));
    std::string temp = prefix + suffix;
    std::unique_ptr<File> file;
    OpenOptions options;
    options.exclusive = true;
    Status created = env->open_for_write(temp, options, &file);
    if (created.ok()) {
      out->reset(new AtomicFileWriter(env, std::move(file), target_path, std::move(temp)));
      return {};
    }
    if (created.error != EEXIST || attempt >= 16) {
      return Status::from_errno(created.error, "create temporary file for", target_path);
    }
  }
}

Status AtomicFileWriter::reopen(Env* env, const std::string& target_path,
                                const std::string& temp_path,
                                std::unique_ptr<AtomicFileWriter>* out) {
  if (!is_temp_of(target_path, temp_path)) {
    return Status::from_errno(EINVAL, "take up a temporary file for", target_path);
  }
  std::unique_ptr<File> file;
  OpenOptions options;
  options.existing = true;
  Status opened = env->open_for_write(temp_path, options, &file);
  if (!opened.ok()) return opened;
  out->reset(new AtomicFileWriter(env, std::move(file), target_path, temp_path));
  return {};
}

Status AtomicFileWriter::remove_kept(Env* env, const std::string& target_path,
                                     const std::string& temp_path) {
  if (!is_temp_of(target_path, temp_path)) {
    return Status::from_errno(EINVAL, "remove a temporary file for", target_path);
  }
  return env->unlink(temp_path);
}

AtomicFileWriter::AtomicFileWriter(Env* env, std::unique_ptr<File> file, std::string target,
                                   std::string temp)
    : env_(env),
      file_(std::move(file)),
      target_path_(std::move(target)),
      temp_path_(std::move(temp)) {}

AtomicFileWriter::~AtomicFileWriter() {
  file_.reset();
  if (!committed_) (void)env_->unlink(temp_path_);
}

Status AtomicFileWriter::write_at(uint64_t offset, const char* data, size_t size) {
  size_t done = 0;
  while (done < size) {
    ssize_t n = ::pwrite(file_->fd(), data + done, size - done, static_cast<off_t>(offset + done));
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
  if (::futimens(file_->fd(), times) != 0)
    return Status::from_errno(errno, "set mtime of", target_path_);
  return {};
}

Status AtomicFileWriter::set_mode(uint32_t permissions) {
  if (::fchmod(file_->fd(), static_cast<mode_t>(permissions)) != 0)
    return Status::from_errno(errno, "set mode of", target_path_);
  return {};
}

Status AtomicFileWriter::commit(bool durable) {
  if (durable) {
    Status synced = env_->sync(*file_);
    if (!synced.ok()) return Status::from_errno(synced.error, "sync", target_path_);
  }
  file_.reset();
  Status renamed = env_->rename(temp_path_, target_path_);
  if (!renamed.ok()) return renamed;
  committed_ = true;
  return {};
}

std::string AtomicFileWriter::keep() {
  file_.reset();
  committed_ = true;  // nothing to remove any more: the file stays for reopen()
  return temp_path_;
}

}  // namespace hoist::io

#include "io/directory_walker.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace hoist::io {
namespace {

EntryKind kind_of(mode_t mode) {
  if (S_ISREG(mode)) return EntryKind::kFile;
  if (S_ISDIR(mode)) return EntryKind::kDirectory;
  if (S_ISLNK(mode)) return EntryKind::kSymlink;
  return EntryKind::kOther;
}

bool is_dot_or_dot_dot(const char* name) {
  return name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0'));
}

}  // namespace

Status DirectoryWalker::open(Env* env, const std::string& root, const WalkOptions& options,
                             std::unique_ptr<DirectoryWalker>* out) {
  std::string trimmed = root;
  while (trimmed.size() > 1 && trimmed.back() == '/') trimmed.pop_back();
  struct stat st {};
  if (::stat(trimmed.c_str(), &st) != 0) return Status::from_errno(errno, "stat", trimmed);
  std::unique_ptr<DirectoryWalker> walker(new DirectoryWalker(env, options, trimmed));
  if (S_ISDIR(st.st_mode)) {
    WalkEntry failure;
    if (!walker->enter(st.st_dev, st.st_ino, &failure)) {
      return Status::from_errno(failure.error, "open directory", trimmed);
    }
    walker->relative_start_ = trimmed == "/" ? 1 : trimmed.size() + 1;
  } else {
    walker->root_file_pending_ = true;
    walker->root_stat_ = to_file_stat(st);
    size_t slash = trimmed.rfind('/');
    walker->relative_start_ = slash == std::string::npos ? 0 : slash + 1;
  }
  *out = std::move(walker);
  return {};
}

DirectoryWalker::DirectoryWalker(Env* env, const WalkOptions& options, std::string root)
    : env_(env), options_(options), path_(std::move(root)), relative_start_(0) {}

DirectoryWalker::~DirectoryWalker() {
  for (Level& level : levels_) ::closedir(level.dir);
}

bool DirectoryWalker::on_current_path(dev_t device, ino_t inode) const {
  for (const Level& level : levels_) {
    if (level.device == device && level.inode == inode) return true;
  }
  return false;
}

void DirectoryWalker::fill(WalkEntry* out, EntryKind kind, const FileStat& stat,
                           int error) const {
  out->path.assign(path_);
  out->kind = kind;
  out->stat = stat;
  out->error = error;
  out->relative_start = relative_start_;
}

bool DirectoryWalker::enter(dev_t device, ino_t inode, WalkEntry* out) {
  int fd = -1;
  Status opened = env_->open_directory(path_, &fd);
  DIR* dir = opened.ok() ? ::fdopendir(fd) : nullptr;
  if (dir == nullptr) {
    int err = opened.ok() ? errno : opened.error;
    if (fd >= 0) ::close(fd);
    fill(out, EntryKind::kDirectory, {}, err);
    return false;
  }
  levels_.push_back(Level{dir, path_.size(), device, inode});
  return true;
}

bool DirectoryWalker::next(WalkEntry* out) {
  if (root_file_pending_) {
    root_file_pending_ = false;
    fill(out, kind_of(root_stat_.mode), root_stat_, 0);
    return true;
  }
  if (descend_pending_) {
    descend_pending_ = false;
    if (!enter(pending_device_, pending_inode_, out)) return true;
  }
  const int stat_flags = options_.follow_symlinks ? 0 : AT_SYMLINK_NOFOLLOW;
  while (!levels_.empty()) {
    Level& level = levels_.back();
    path_.resize(level.path_length);
    errno = 0;
    dirent* entry = ::readdir(level.dir);
    if (entry == nullptr) {
      int err = errno;
      ::closedir(level.dir);
      levels_.pop_back();
      if (err != 0) {
        fill(out, EntryKind::kDirectory, {}, err);
        return true;
      }
      continue;
    }
    if (is_dot_or_dot_dot(entry->d_name)) continue;
    if (path_.size() > 1 || path_[0] != '/') path_ += '/';
    path_ += entry->d_name;
    struct stat st {};
    if (::fstatat(::dirfd(level.dir), entry->d_name, &st, stat_flags) != 0) {
      fill(out, EntryKind::kOther, {}, errno);
      return true;
    }
    EntryKind kind = kind_of(st.st_mode);
    if (kind == EntryKind::kDirectory) {
      if (on_current_path(st.st_dev, st.st_ino)) {
        fill(out, kind, to_file_stat(st), ELOOP);
        return true;
      }
      if (!options_.report_directories) {
        if (!enter(st.st_dev, st.st_ino, out)) return true;
        continue;
      }
      descend_pending_ = true;
      pending_device_ = st.st_dev;
      pending_inode_ = st.st_ino;
    }
    fill(out, kind, to_file_stat(st), 0);
    return true;
  }
  return false;
}

}  // namespace hoist::io

#include "io/directory_walker.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
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
  FileStat st;
  Status found = env->stat(trimmed, &st);
  if (!found.ok()) return found;
  std::unique_ptr<DirectoryWalker> walker(new DirectoryWalker(env, options, trimmed));
  if (st.is_directory) {
    WalkEntry failure;
    if (!walker->enter(static_cast<dev_t>(st.device), static_cast<ino_t>(st.inode), &failure)) {
      return Status::from_errno(failure.error, "open directory", trimmed);
    }
    walker->relative_start_ = trimmed == "/" ? 1 : trimmed.size() + 1;
  } else {
    walker->root_file_pending_ = true;
    walker->root_stat_ = st;
    size_t slash = trimmed.rfind('/');
    walker->relative_start_ = slash == std::string::npos ? 0 : slash + 1;
  }
  *out = std::move(walker);
  return {};
}

DirectoryWalker::DirectoryWalker(Env* env, const WalkOptions& options, std::string root)
    : env_(env), options_(options), path_(std::move(root)), relative_start_(0) {}

DirectoryWalker::~DirectoryWalker() {
  for (Level& level : levels_) {
    if (level.dir != nullptr) ::closedir(level.dir);
  }
}

bool DirectoryWalker::on_current_path(dev_t device, ino_t inode) const {
  for (const Level& level : levels_) {
    if (level.device == device && level.inode == inode) return true;
  }
  return false;
}

void DirectoryWalker::fill(WalkEntry* out, EntryKind kind, const FileStat& stat, int error) const {
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
  levels_.push_back(Level{dir, path_.size(), device, inode, {}, 0, 0});
  if (options_.sorted) {
    // Everything is read up front, so the directory need not stay open while its
    // subdirectories are walked.
    Level& level = levels_.back();
    level.read_error = read_sorted(level);
    ::closedir(level.dir);
    level.dir = nullptr;
  }
  return true;
}

int DirectoryWalker::read_sorted(Level& level) const {
  while (true) {
    errno = 0;
    dirent* entry = ::readdir(level.dir);
    if (entry == nullptr) break;
    if (is_dot_or_dot_dot(entry->d_name)) continue;
    SortedEntry sorted{entry->d_name, {}, 0};
    Status stat = env_->stat_entry(::dirfd(level.dir), path_, entry->d_name,
                                   options_.follow_symlinks, &sorted.st);
    if (!stat.ok()) sorted.error = stat.error;
    level.sorted.push_back(std::move(sorted));
  }
  const int read_error = errno;
  // A directory's contents follow "name/" in a listing of keys, so compare it as that.
  auto sort_key = [](const SortedEntry& e) {
    return e.error == 0 && S_ISDIR(e.st.st_mode) ? e.name + '/' : e.name;
  };
  std::vector<std::pair<std::string, size_t>> keys;
  keys.reserve(level.sorted.size());
  for (size_t i = 0; i < level.sorted.size(); ++i) keys.emplace_back(sort_key(level.sorted[i]), i);
  std::sort(keys.begin(), keys.end());
  std::vector<SortedEntry> ordered;
  ordered.reserve(keys.size());
  for (auto& [key, index] : keys) ordered.push_back(std::move(level.sorted[index]));
  level.sorted = std::move(ordered);
  return read_error;
}

bool DirectoryWalker::next_in_level(Level& level, std::string* name, struct stat* st,
                                    int* stat_error, int* read_error) const {
  *read_error = 0;
  *stat_error = 0;
  if (options_.sorted) {
    if (level.next_sorted == level.sorted.size()) {
      *read_error = level.read_error;
      return false;
    }
    SortedEntry& entry = level.sorted[level.next_sorted++];
    name->swap(entry.name);
    *st = entry.st;
    *stat_error = entry.error;
    return true;
  }
  while (true) {
    errno = 0;
    dirent* entry = ::readdir(level.dir);
    if (entry == nullptr) {
      *read_error = errno;
      return false;
    }
    if (is_dot_or_dot_dot(entry->d_name)) continue;
    name->assign(entry->d_name);
    Status stat =
        env_->stat_entry(::dirfd(level.dir), path_, entry->d_name, options_.follow_symlinks, st);
    if (!stat.ok()) *stat_error = stat.error;
    return true;
  }
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
  std::string name;
  while (!levels_.empty()) {
    Level& level = levels_.back();
    path_.resize(level.path_length);
    struct stat st {};
    int stat_error = 0;
    int read_error = 0;
    if (!next_in_level(level, &name, &st, &stat_error, &read_error)) {
      if (level.dir != nullptr) ::closedir(level.dir);
      levels_.pop_back();
      if (read_error != 0) {
        fill(out, EntryKind::kDirectory, {}, read_error);
        return true;
      }
      continue;
    }
    if (path_.size() > 1 || path_[0] != '/') path_ += '/';
    path_ += name;
    if (stat_error != 0) {
      fill(out, EntryKind::kOther, {}, stat_error);
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

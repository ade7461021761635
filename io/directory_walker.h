// DirectoryWalker: lists a tree one entry at a time, holding only the directories on the
// current path open (one descriptor and one DIR buffer per level of depth), so a tree of
// millions of files costs the same memory as a tree of ten.
//
// Order: depth first; a directory's contents come right after the directory itself and
// before its later siblings; within a directory, the file system's readdir order, or with
// WalkOptions::sorted the order that makes every relative path come out in byte order, as
// S3 lists keys (a directory sorts as its name followed by '/'). Symlinks are followed by default,
// like aws-cli: a link to a file is a file, a link to a directory is walked, unless that directory
// is already on the current path (a loop: reported with ELOOP and not entered). An entry that
// cannot be read (stat fails, directory cannot be opened or listed, dangling link) is reported with
// its errno, and the walk goes on.
//
// Not thread-safe: one walker, one thread.
#pragma once

#include <dirent.h>
#include <sys/types.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "io/env.h"
#include "io/file_stat.h"
#include "io/status.h"

namespace hoist::io {

enum class EntryKind : uint8_t { kFile, kDirectory, kSymlink, kOther };

struct WalkEntry {
  std::string path;  // the root as given, then "/name" per level
  EntryKind kind = EntryKind::kOther;
  FileStat stat;  // of the link's target when following symlinks
  int error = 0;  // nonzero: `path` could not be read; kind and stat are not meaningful

  size_t relative_start = 0;  // where the path below the root begins
  // "a/b.txt" for root "/data" and path "/data/a/b.txt"; the file's name for a file root.
  std::string_view relative_path() const { return std::string_view(path).substr(relative_start); }
};

struct WalkOptions {
  // false: symlinks are reported as kSymlink (with lstat's stat) and not followed.
  bool follow_symlinks = true;
  // true: directories are reported too (before their contents), and skip_directory() works.
  bool report_directories = false;
  // true: entries come out sorted by relative path in byte order, so the walk can be merged
  // with an S3 listing. Costs one directory's names and stats in memory at each level.
  bool sorted = false;
};

class DirectoryWalker {
 public:
  // Starts a walk of `root` (a directory, or a single file, which is then the only entry).
  // Fails when the root itself cannot be stat'ed or opened. The root's stat and every
  // directory's open go through `env`; entries are stat'ed with fstatat on their open
  // directory. REQUIRES: env outlives the walker.
  static Status open(Env* env, const std::string& root, const WalkOptions& options,
                     std::unique_ptr<DirectoryWalker>* out);
  ~DirectoryWalker();
  DirectoryWalker(const DirectoryWalker&) = delete;
  DirectoryWalker& operator=(const DirectoryWalker&) = delete;

  // The next entry, reusing `out`'s memory; false when the walk is over.
  bool next(WalkEntry* out);

  // Do not enter the directory next() just returned. REQUIRES: report_directories.
  void skip_directory() { descend_pending_ = false; }

 private:
  // One entry of a directory read ahead for a sorted walk.
  struct SortedEntry {
    std::string name;
    struct stat st;
    int error;  // fstatat's errno, or 0
  };
  struct Level {
    DIR* dir;
    size_t path_length;  // path_ truncated to this is the directory's path
    dev_t device;
    ino_t inode;
    std::vector<SortedEntry> sorted;  // sorted walks: the directory's entries, in order
    size_t next_sorted = 0;
    int read_error = 0;  // sorted walks: readdir's errno, reported after the last entry
  };

  DirectoryWalker(Env* env, const WalkOptions& options, std::string root);
  // Opens path_ (a directory with this device and inode) as a new level. On failure fills
  // `out` with the error and returns false.
  bool enter(dev_t device, ino_t inode, WalkEntry* out);
  bool on_current_path(dev_t device, ino_t inode) const;
  // Reads, stats and sorts every entry of `level` (a sorted walk). Returns readdir's errno.
  int read_sorted(Level& level) const;
  // The next entry of `level` into name/st (stat_error set when fstatat failed); false at
  // the end of the directory with `read_error` set when readdir failed.
  bool next_in_level(Level& level, std::string* name, struct stat* st, int* stat_error,
                     int* read_error) const;
  void fill(WalkEntry* out, EntryKind kind, const FileStat& stat, int error) const;

  Env* env_;
  WalkOptions options_;
  std::string path_;  // the entry being looked at; shared by all levels
  size_t relative_start_;
  std::vector<Level> levels_;
  bool root_file_pending_ = false;
  FileStat root_stat_;
  bool descend_pending_ = false;
  dev_t pending_device_ = 0;
  ino_t pending_inode_ = 0;
};

}  // namespace hoist::io

// TreeDiff: one sorted walk of a local directory merged with one paginated listing of a prefix,
// yielding each relative path once with what each side has of it. Both sides come in byte
// order of their relative paths (the walk sorts each directory; S3 lists keys in UTF-8 byte
// order), so memory holds one directory and one listing page, however big the tree.
//
// The merge is only right if both sides really are sorted: an entry out of order stops the
// diff with an error (a sync must not delete what it merely failed to pair).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "engine/sync/path_filter.h"
#include "hoist/object_info.h"
#include "hoist/result.h"
#include "io/directory_walker.h"

namespace hoist::sync {

struct LocalFile {
  std::string relative;
  std::string path;
  io::FileStat stat;
  int error = 0;         // nonzero: the entry could not be read (errno); stat is not meaningful
  bool special = false;  // a FIFO, socket or device: there, but not a file to copy

  // True when the entry cannot be read as a file (its contents must not be opened).
  bool unreadable() const { return error != 0 || special; }
};

struct DiffEntry {
  std::string relative;
  std::optional<LocalFile> local;
  std::optional<ObjectInfo> remote;
};

// Fetches the listing page after `continuation_token` ("" for the first).
using PageFetcher = std::function<Result<ListPage>(const std::string& continuation_token)>;

class TreeDiff {
 public:
  // `root`: the local directory (REQUIRES: a directory, or missing: then the local side is
  // empty, as for a download into a directory not made yet). `prefix`: the
  // listed prefix, empty or ending in '/'. Entries the filter excludes are counted, not
  // yielded; so are directory markers and what is neither a file nor an error (sockets,
  // symlinks not followed). The walk goes through `env` (REQUIRES: outlives the TreeDiff).
  static Result<std::unique_ptr<TreeDiff>> open(io::Env* env, const std::string& root,
                                                bool follow_symlinks, std::string prefix,
                                                PageFetcher fetch, PathFilter filter);

  // The next entry; false at the end or on an error (then error() says what went wrong).
  bool next(DiffEntry* out);
  const std::optional<Error>& error() const { return error_; }

  uint64_t excluded() const { return excluded_; }
  uint64_t skipped() const { return skipped_; }
  uint64_t local_entries() const { return local_entries_; }    // files and unreadable entries
  uint64_t remote_objects() const { return remote_objects_; }  // objects, markers excluded

 private:
  TreeDiff(std::string prefix, PageFetcher fetch, PathFilter filter);
  bool advance_local();
  bool advance_remote();
  bool fail(Error error);

  std::unique_ptr<io::DirectoryWalker> walker_;
  std::string prefix_;
  PageFetcher fetch_;
  PathFilter filter_;

  std::optional<LocalFile> local_;  // the next local entry not yet yielded
  bool local_done_ = false;
  std::string last_local_;  // where the last local entry sorts ("name/" for a directory)

  ListPage page_;
  size_t page_index_ = 0;
  bool listing_done_ = false;
  bool page_loaded_ = false;
  std::optional<ObjectInfo> remote_;  // the next object not yet yielded
  std::string remote_relative_;
  std::string last_remote_;

  std::optional<Error> error_;
  uint64_t excluded_ = 0;
  uint64_t skipped_ = 0;
  uint64_t local_entries_ = 0;
  uint64_t remote_objects_ = 0;
};

}  // namespace hoist::sync

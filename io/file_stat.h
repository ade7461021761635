// FileStat: the few stat(2) fields hoist cares about (size, modification time, kind), so a
// caller can tell whether a file changed between two looks at it.
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <string>

#include "io/status.h"

namespace hoist::io {

struct FileStat {
  uint64_t size = 0;
  int64_t mtime_ns = 0;  // nanoseconds since the epoch
  uint32_t mode = 0;     // st_mode: kind and permission bits
  bool is_regular = false;
  bool is_directory = false;
  uint64_t inode = 0;  // with size and mtime, tells a file replaced by another apart
  uint64_t device = 0;  // st_dev: with inode, names a directory (loop detection in walks)
  // Status change time: moves on every write and cannot be set back (unlike mtime), so a
  // same-size rewrite whose mtime was restored still shows.
  int64_t ctime_ns = 0;
};

// The FileStat of a struct stat that a system call filled in.
FileStat to_file_stat(const struct stat& st);

// stat(2) of `path`, following symlinks.
Status stat_path(const std::string& path, FileStat* out);

}  // namespace hoist::io

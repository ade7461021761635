// StateCache: what sync remembers between runs, in sync-cache.sqlite in the state directory:
//   per local file (its path): the checksum hoist computed, valid while the file's inode,
//     size, mtime and ctime are unchanged (ctime catches a rewrite whose mtime was put back),
//     so --checksum does not re-read unchanged files;
//   per object (endpoint and bucket, key): what hoist last learned of it — the size and mtime
//     of the file it holds and its content checksum — valid while its ETag is unchanged, so a
//     listing suffices where a HeadObject per object would otherwise be needed.
// The cache is a hint: an entry is used only when those keys still match, and losing the
// file costs HeadObject requests and reads, never a wrong decision.
//
// Writes are batched in transactions (flushed every few thousand writes and by flush()).
// Not thread-safe: one sync, one thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "engine/transfer/state_file.h"
#include "hoist/result.h"
#include "io/file_stat.h"

namespace hoist::sync {

struct CachedObject {
  std::string etag;
  uint64_t size = 0;                // bytes of the file it holds (before any compression)
  std::optional<int64_t> mtime_ns;  // from x-amz-meta-mtime; none when the object has none
  std::string checksum_algorithm;   // the content's full-object checksum, when known
  std::string checksum;
};

class StateCache {
 public:
  // Opens (creating) <state_dir>/sync-cache.sqlite.
  static Result<std::unique_ptr<StateCache>> open(const std::string& state_dir);
  ~StateCache();

  // The checksum remembered for `path` with `algorithm`, if the file still has this stat.
  std::optional<std::string> file_checksum(const std::string& path, const io::FileStat& stat,
                                           const std::string& algorithm);
  Status remember_file(const std::string& path, const io::FileStat& stat,
                       const std::string& algorithm, const std::string& checksum);

  // What is remembered of `key` in `location`, if the object still has `etag`.
  std::optional<CachedObject> object(const std::string& location, const std::string& key,
                                     const std::string& etag);
  Status remember_object(const std::string& location, const std::string& key,
                         const CachedObject& object);
  Status forget_object(const std::string& location, const std::string& key);

  // Commits the writes made so far.
  Status flush();

 private:
  StateCache() = default;
  Status before_write();

  std::unique_ptr<transfer::StateFile> file_;  // declared first: closed after the statements
  transfer::Statement select_file_, upsert_file_, select_object_, upsert_object_, delete_object_;
  transfer::Statement begin_, commit_;
  bool in_batch_ = false;
  int batch_writes_ = 0;
};

}  // namespace hoist::sync

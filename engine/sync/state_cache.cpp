#include "engine/sync/state_cache.h"

#include <utility>

namespace hoist::sync {
namespace {

constexpr int kSchemaVersion = 1;
// `object_key` because KEY is an SQL keyword. `location` is the endpoint and bucket, so two
// servers with a bucket of the same name do not share entries.
constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS files (
  path TEXT PRIMARY KEY NOT NULL,
  inode INTEGER NOT NULL,
  size INTEGER NOT NULL,
  mtime_ns INTEGER NOT NULL,
  ctime_ns INTEGER NOT NULL,
  checksum_algorithm TEXT NOT NULL,
  checksum TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS objects (
  location TEXT NOT NULL,
  object_key TEXT NOT NULL,
  etag TEXT NOT NULL,
  size INTEGER NOT NULL,
  mtime_ns INTEGER,
  checksum_algorithm TEXT NOT NULL,
  checksum TEXT NOT NULL,
  PRIMARY KEY (location, object_key)
) WITHOUT ROWID;
PRAGMA user_version = 1;
)sql";

// Enough to amortize a commit, few enough that a killed sync loses little.
constexpr int kWritesPerBatch = 4096;

}  // namespace

StateCache::~StateCache() { (void)flush(); }

Result<std::unique_ptr<StateCache>> StateCache::open(const std::string& state_dir) {
  transfer::StateFileSpec spec;
  spec.path = state_dir + (state_dir.ends_with('/') ? "" : "/") + "sync-cache.sqlite";
  spec.name = "sync state cache";
  spec.error_code = "StateCacheError";
  spec.schema = kSchema;
  spec.version = kSchemaVersion;
  auto file = transfer::StateFile::open(std::move(spec));
  if (!file.ok()) return file.error();
  std::unique_ptr<StateCache> cache(new StateCache());
  cache->file_ = std::move(*file);
  const std::pair<transfer::Statement*, const char*> statements[] = {
      {&cache->select_file_,
       "SELECT inode, size, mtime_ns, ctime_ns, checksum FROM files WHERE path = ?1 AND "
       "checksum_algorithm = ?2"},
      {&cache->upsert_file_,
       "INSERT OR REPLACE INTO files (path, inode, size, mtime_ns, ctime_ns, checksum_algorithm,"
       " checksum) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"},
      {&cache->select_object_,
       "SELECT size, mtime_ns, checksum_algorithm, checksum FROM objects"
       " WHERE location = ?1 AND object_key = ?2 AND etag = ?3"},
      {&cache->upsert_object_,
       "INSERT OR REPLACE INTO objects (location, object_key, etag, size, mtime_ns,"
       " checksum_algorithm, checksum) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"},
      {&cache->delete_object_, "DELETE FROM objects WHERE location = ?1 AND object_key = ?2"},
      // DEFERRED: the write lock is taken at the first write, so readers are not blocked
      // while a sync only looks.
      {&cache->begin_, "BEGIN"},
      {&cache->commit_, "COMMIT"},
  };
  for (const auto& [out, sql] : statements) {
    if (Status s = cache->file_->prepare_into(*out, sql); !s.ok()) return s.error();
  }
  return cache;
}

std::optional<std::string> StateCache::file_checksum(const std::string& path,
                                                     const io::FileStat& stat,
                                                     const std::string& algorithm) {
  transfer::StatementUse select(select_file_);
  select.text(1, path).text(2, algorithm);
  if (select.step() != SQLITE_ROW) return std::nullopt;
  if (static_cast<uint64_t>(select.column_integer(0)) != stat.inode ||
      static_cast<uint64_t>(select.column_integer(1)) != stat.size ||
      select.column_integer(2) != stat.mtime_ns || select.column_integer(3) != stat.ctime_ns) {
    return std::nullopt;
  }
  return select.column_text(4);
}

Status StateCache::remember_file(const std::string& path, const io::FileStat& stat,
                                 const std::string& algorithm, const std::string& checksum) {
  if (Status s = before_write(); !s.ok()) return s;
  transfer::StatementUse upsert(upsert_file_);
  upsert.text(1, path)
      .integer(2, static_cast<int64_t>(stat.inode))
      .integer(3, static_cast<int64_t>(stat.size))
      .integer(4, stat.mtime_ns)
      .integer(5, stat.ctime_ns)
      .text(6, algorithm)
      .text(7, checksum);
  return file_->run(upsert, "remembering a file");
}

std::optional<CachedObject> StateCache::object(const std::string& location, const std::string& key,
                                               const std::string& etag) {
  transfer::StatementUse select(select_object_);
  select.text(1, location).text(2, key).text(3, etag);
  if (select.step() != SQLITE_ROW) return std::nullopt;
  CachedObject out;
  out.etag = etag;
  out.size = static_cast<uint64_t>(select.column_integer(0));
  if (!select.column_is_null(1)) out.mtime_ns = select.column_integer(1);
  out.checksum_algorithm = select.column_text(2);
  out.checksum = select.column_text(3);
  return out;
}

Status StateCache::remember_object(const std::string& location, const std::string& key,
                                   const CachedObject& object) {
  if (Status s = before_write(); !s.ok()) return s;
  transfer::StatementUse upsert(upsert_object_);
  upsert.text(1, location).text(2, key).text(3, object.etag);
  upsert.integer(4, static_cast<int64_t>(object.size));
  if (object.mtime_ns) {
    upsert.integer(5, *object.mtime_ns);
  } else {
    upsert.null(5);
  }
  upsert.text(6, object.checksum_algorithm).text(7, object.checksum);
  return file_->run(upsert, "remembering an object");
}

Status StateCache::forget_object(const std::string& location, const std::string& key) {
  if (Status s = before_write(); !s.ok()) return s;
  transfer::StatementUse erase(delete_object_);
  erase.text(1, location).text(2, key);
  return file_->run(erase, "forgetting an object");
}

Status StateCache::before_write() {
  if (in_batch_ && batch_writes_ >= kWritesPerBatch) {
    if (Status s = flush(); !s.ok()) return s;
  }
  if (!in_batch_) {
    transfer::StatementUse begin(begin_);
    if (Status s = file_->run(begin, "beginning a transaction"); !s.ok()) return s;
    in_batch_ = true;
    batch_writes_ = 0;
  }
  ++batch_writes_;
  return ok_status();
}

Status StateCache::flush() {
  if (!in_batch_) return ok_status();
  in_batch_ = false;
  transfer::StatementUse commit(commit_);
  return file_->run(commit, "committing");
}

}  // namespace hoist::sync

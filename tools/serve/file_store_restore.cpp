// FileStore's record of RestoreObject requests. A restore belongs to one object: the row keeps
// the object's ETag and mtime, and a row that no longer names the key's current object (it was
// replaced or deleted and written again) is ignored, so a new object starts unrestored.
#include "tools/serve/file_store.h"
#include "tools/serve/store_errors.h"

namespace hoist::serve {

Status FileStore::load_restore(const std::string& bucket, ObjectInfo& info) {
  Result<SqliteStatement> stmt = db_->prepare(
      "SELECT ready_ns, expiry_ns FROM restores WHERE bucket = ?1 AND key = ?2 AND etag = ?3 "
      "AND mtime_ns = ?4");
  if (!stmt.ok()) return std::move(stmt).error();
  Result<bool> row = stmt->bind(1, bucket)
                         .bind_blob(2, info.key)
                         .bind(3, info.etag)
                         .bind(4, info.last_modified_ns)
                         .step();
  if (!row.ok()) return std::move(row).error();
  info.restore = *row ? ObjectRestore{stmt->integer(0), stmt->integer(1)} : ObjectRestore{};
  return ok_status();
}

Status FileStore::set_restore(const std::string& bucket, const std::string& key,
                              const std::string& etag, const ObjectRestore& restore) {
  base::MutexLock lock(mu_);
  Result<StoredObject> found = existing_object(bucket, key);
  if (!found.ok()) return std::move(found).error();
  if (found->info.etag != etag) return no_such_key(bucket, key);
  Result<SqliteStatement> stmt = db_->prepare(
      "INSERT OR REPLACE INTO restores(bucket, key, etag, mtime_ns, ready_ns, expiry_ns) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
  if (!stmt.ok()) return std::move(stmt).error();
  return stmt->bind(1, bucket)
      .bind_blob(2, key)
      .bind(3, etag)
      .bind(4, found->info.last_modified_ns)
      .bind(5, restore.ready_ns)
      .bind(6, restore.expiry_ns)
      .run();
}

}  // namespace hoist::serve

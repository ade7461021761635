#include "tools/serve/file_store.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

#include "io/readable_file.h"
#include "tools/serve/store_clock.h"
#include "tools/serve/store_content_file.h"
#include "tools/serve/store_errors.h"
#include "tools/serve/store_listing.h"
#include "tools/serve/store_named_values.h"
#include "tools/serve/store_names.h"
#include "tools/serve/store_random_id.h"

namespace hoist::serve {
namespace {

// Keys are BLOBs so that SQLite orders and compares them byte by byte, exactly as S3 lists.
constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS buckets(
  name TEXT PRIMARY KEY, created_ns INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS objects(
  bucket TEXT NOT NULL, key BLOB NOT NULL, size INTEGER NOT NULL, etag TEXT NOT NULL,
  mtime_ns INTEGER NOT NULL, content_type TEXT, content_encoding TEXT, storage_class TEXT,
  user_metadata BLOB, checksums BLOB, checksum_type TEXT, file TEXT NOT NULL, options BLOB,
  PRIMARY KEY(bucket, key)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS uploads(
  upload_id TEXT PRIMARY KEY, bucket TEXT NOT NULL, key BLOB NOT NULL,
  initiated_ns INTEGER NOT NULL, content_type TEXT, content_encoding TEXT, storage_class TEXT,
  user_metadata BLOB, checksum_algorithm TEXT, checksum_type TEXT, options BLOB);
CREATE INDEX IF NOT EXISTS uploads_by_key ON uploads(bucket, key, initiated_ns);
CREATE TABLE IF NOT EXISTS parts(
  upload_id TEXT NOT NULL, part_number INTEGER NOT NULL, size INTEGER NOT NULL,
  etag TEXT NOT NULL, checksums BLOB, mtime_ns INTEGER NOT NULL, file TEXT NOT NULL,
  PRIMARY KEY(upload_id, part_number)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS restores(
  bucket TEXT NOT NULL, key BLOB NOT NULL, etag TEXT NOT NULL, mtime_ns INTEGER NOT NULL,
  ready_ns INTEGER NOT NULL, expiry_ns INTEGER NOT NULL,
  PRIMARY KEY(bucket, key)) WITHOUT ROWID;
)sql";

constexpr const char* kObjectColumns =
    "key, size, etag, mtime_ns, content_type, content_encoding, storage_class, user_metadata, "
    "checksums, checksum_type, options";

ObjectInfo object_from_row(const SqliteStatement& row) {
  ObjectInfo out;
  out.key = row.text(0);
  out.size = static_cast<uint64_t>(row.integer(1));
  out.etag = row.text(2);
  out.last_modified_ns = row.integer(3);
  out.attributes.content_type = row.text(4);
  out.attributes.content_encoding = row.text(5);
  out.attributes.storage_class = row.text(6);
  out.attributes.user_metadata = decode_named_values(row.text(7)).value_or(NamedValues{});
  out.checksums = decode_named_values(row.text(8)).value_or(NamedValues{});
  out.checksum_type = row.text(9);
  out.attributes.options = decode_named_values(row.text(10)).value_or(NamedValues{});
  return out;
}

Error errno_error(const std::string& what, const std::string& path) {
  return internal_error(what + " " + path + ": " + std::strerror(errno));
}

Status make_dir(const std::string& path) {
  if (::mkdir(path.c_str(), 0755) != 0 && errno != EEXIST) return errno_error("mkdir", path);
  return ok_status();
}

// Serves one object from a content file opened while the key still named it.
class ContentFileReader : public ObjectReader {
 public:
  ContentFileReader(ObjectInfo info, std::unique_ptr<io::ReadableFile> file)
      : info_(std::move(info)), file_(std::move(file)) {}

  const ObjectInfo& info() const override { return info_; }

  Result<size_t> read_at(uint64_t offset, std::span<char> dst) override {
    if (offset >= info_.size) return size_t{0};
    size_t want = static_cast<size_t>(std::min<uint64_t>(dst.size(), info_.size - offset));
    size_t got = 0;
    io::Status status = file_->read_at(offset, want, dst.data(), &got);
    if (!status.ok()) return internal_error(status.message);
    return got;
  }

 private:
  ObjectInfo info_;
  std::unique_ptr<io::ReadableFile> file_;
};

}  // namespace

// Streams a PutObject body into a content file; commit() makes it the key's object.
class FileStore::ObjectFileWriter : public ObjectWriter {
 public:
  ObjectFileWriter(FileStore& store, std::string bucket, ObjectInfo object, std::string id,
                   std::unique_ptr<StoreContentFile> file)
      : store_(store),
        bucket_(std::move(bucket)),
        object_(std::move(object)),
        id_(std::move(id)),
        file_(std::move(file)) {}

  Status write(std::span<const char> bytes) override {
    if (!file_) return invalid_request("The object was already committed.");
    return file_->append(bytes);
  }

  Result<ObjectInfo> commit(const NamedValues& checksums) override {
    if (!file_) return invalid_request("The object was already committed.");
    std::unique_ptr<StoreContentFile> file = std::move(file_);
    object_.size = file->size();
    object_.etag = "\"" + file->finish_md5().to_hex() + "\"";
    object_.checksums = checksums;
    object_.checksum_type = checksums.empty() ? "" : "FULL_OBJECT";
    object_.last_modified_ns = now_ns();
    Status published = store_.publish(bucket_, id_, *file);
    if (!published.ok()) return std::move(published).error();
    return store_.commit_object(bucket_, std::move(object_), id_);
  }

 private:
  FileStore& store_;
  std::string bucket_;
  ObjectInfo object_;
  std::string id_;
  std::unique_ptr<StoreContentFile> file_;
};

Result<std::unique_ptr<FileStore>> FileStore::open(const std::string& root_dir) {
  std::error_code ec;
  std::filesystem::create_directories(root_dir, ec);
  if (ec) return internal_error("create " + root_dir + ": " + ec.message());
  Result<std::unique_ptr<SqliteDatabase>> db = SqliteDatabase::open(root_dir + "/.hoist-store.db");
  if (!db.ok()) return std::move(db).error();
  Status schema = (*db)->exec(kSchema);
  if (!schema.ok()) return std::move(schema).error();
  // Stores made before objects had options gain the column.
  for (const char* table : {"objects", "uploads"}) {
    if (!(*db)->prepare(std::string("SELECT options FROM ") + table + " LIMIT 0").ok()) {
      Status added = (*db)->exec(std::string("ALTER TABLE ") + table + " ADD COLUMN options BLOB");
      if (!added.ok()) return std::move(added).error();
    }
  }
  std::unique_ptr<FileStore> store(new FileStore(root_dir, std::move(*db)));
  // Bytes a crash left half-written belong to no object.
  Result<std::vector<BucketInfo>> buckets = store->list_buckets();
  if (!buckets.ok()) return std::move(buckets).error();
  for (const BucketInfo& bucket : *buckets) {
    std::string tmp = store->bucket_dir(bucket.name) + "/tmp";
    std::filesystem::remove_all(tmp, ec);
    Status made = make_dir(tmp);
    if (!made.ok()) return std::move(made).error();
  }
  return store;
}

FileStore::FileStore(std::string root, std::unique_ptr<SqliteDatabase> db)
    : root_(std::move(root)), db_(std::move(db)) {}

FileStore::~FileStore() = default;

std::string FileStore::bucket_dir(const std::string& bucket) const { return root_ + "/" + bucket; }

std::string FileStore::temp_path(const std::string& bucket, const std::string& id) const {
  return bucket_dir(bucket) + "/tmp/" + id;
}

std::string FileStore::content_path(const std::string& bucket, const std::string& id) const {
  return bucket_dir(bucket) + "/objects/" + id.substr(0, 2) + "/" + id;
}

Status FileStore::publish(const std::string& bucket, const std::string& id,
                          StoreContentFile& file) {
  // The bucket was deleted while the bytes were being written: nothing to publish into.
  if (::access(bucket_dir(bucket).c_str(), F_OK) != 0) return no_such_bucket(bucket);
  Status made = make_dir(bucket_dir(bucket) + "/objects/" + id.substr(0, 2));
  if (!made.ok()) return made;
  return file.publish(content_path(bucket, id));
}

void FileStore::remove_content(const std::string& bucket,
                               const std::vector<std::string>& ids) const {
  for (const std::string& id : ids) ::unlink(content_path(bucket, id).c_str());
}

Status FileStore::require_bucket(const std::string& bucket) {
  Status valid = check_bucket_name(bucket);
  if (!valid.ok()) return valid;
  Result<SqliteStatement> stmt = db_->prepare("SELECT 1 FROM buckets WHERE name = ?1");
  if (!stmt.ok()) return std::move(stmt).error();
  Result<bool> found = stmt->bind(1, bucket).step();
  if (!found.ok()) return std::move(found).error();
  if (!*found) return no_such_bucket(bucket);
  return ok_status();
}

Status FileStore::create_bucket(const std::string& bucket) {
  Status valid = check_bucket_name(bucket);
  if (!valid.ok()) return valid;
  base::MutexLock lock(mu_);
  if (require_bucket(bucket).ok()) {
    return bucket_already_owned(bucket);
  }
  for (const std::string& dir :
       {bucket_dir(bucket), bucket_dir(bucket) + "/objects", bucket_dir(bucket) + "/tmp"}) {
    Status made = make_dir(dir);
    if (!made.ok()) return made;
  }
  Result<SqliteStatement> insert =
      db_->prepare("INSERT INTO buckets(name, created_ns) VALUES(?1, ?2)");
  if (!insert.ok()) return std::move(insert).error();
  return insert->bind(1, bucket).bind(2, now_ns()).run();
}

Status FileStore::delete_bucket(const std::string& bucket) {
  base::MutexLock lock(mu_);
  Status exists = require_bucket(bucket);
  if (!exists.ok()) return exists;
  Result<SqliteStatement> in_use = db_->prepare(
      "SELECT 1 FROM objects WHERE bucket = ?1 UNION ALL SELECT 1 FROM uploads WHERE bucket = ?1 "
      "LIMIT 1");
  if (!in_use.ok()) return std::move(in_use).error();
  Result<bool> busy = in_use->bind(1, bucket).step();
  if (!busy.ok()) return std::move(busy).error();
  if (*busy) {
    return bucket_not_empty(bucket);
  }
  Result<SqliteStatement> remove = db_->prepare("DELETE FROM buckets WHERE name = ?1");
  if (!remove.ok()) return std::move(remove).error();
  Status removed = remove->bind(1, bucket).run();
  if (!removed.ok()) return removed;
  std::error_code ec;
  std::filesystem::remove_all(bucket_dir(bucket), ec);
  return ok_status();
}

Status FileStore::head_bucket(const std::string& bucket) {
  base::MutexLock lock(mu_);
  return require_bucket(bucket);
}

Result<std::vector<BucketInfo>> FileStore::list_buckets() {
  base::MutexLock lock(mu_);
  Result<SqliteStatement> stmt = db_->prepare("SELECT name, created_ns FROM buckets ORDER BY name");
  if (!stmt.ok()) return std::move(stmt).error();
  std::vector<BucketInfo> out;
  for (;;) {
    Result<bool> row = stmt->step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    out.push_back({stmt->text(0), stmt->integer(1)});
  }
  return out;
}

Result<std::unique_ptr<ObjectWriter>> FileStore::put_object(const std::string& bucket,
                                                            const std::string& key,
                                                            const ObjectAttributes& attributes) {
  Status valid = check_key(key);
  if (!valid.ok()) return std::move(valid).error();
  {
    base::MutexLock lock(mu_);
    Status exists = require_bucket(bucket);
    if (!exists.ok()) return std::move(exists).error();
  }
  std::string id = random_hex_id();
  Result<std::unique_ptr<StoreContentFile>> file =
      StoreContentFile::create(temp_path(bucket, id), checksum::Algorithm::none);
  if (!file.ok()) return std::move(file).error();
  ObjectInfo object;
  object.key = key;
  object.attributes = attributes;
  return std::unique_ptr<ObjectWriter>(
      new ObjectFileWriter(*this, bucket, std::move(object), std::move(id), std::move(*file)));
}

Result<std::optional<FileStore::StoredObject>> FileStore::find_object(const std::string& bucket,
                                                                      const std::string& key) {
  Result<SqliteStatement> stmt = db_->prepare(std::string("SELECT ") + kObjectColumns +
                                              ", file FROM objects WHERE bucket = ?1 AND key = ?2");
  if (!stmt.ok()) return std::move(stmt).error();
  Result<bool> row = stmt->bind(1, bucket).bind_blob(2, key).step();
  if (!row.ok()) return std::move(row).error();
  if (!*row) return std::optional<StoredObject>();
  // `file` follows the kObjectColumns.
  return std::optional<StoredObject>(StoredObject{object_from_row(*stmt), stmt->text(11)});
}

Result<std::optional<std::string>> FileStore::record_object(const std::string& bucket,
                                                            const ObjectInfo& object,
                                                            const std::string& file) {
  Result<std::optional<StoredObject>> old = find_object(bucket, object.key);
  if (!old.ok()) return std::move(old).error();
  Result<SqliteStatement> insert = db_->prepare(
      "INSERT OR REPLACE INTO objects(bucket, key, size, etag, mtime_ns, content_type, "
      "content_encoding, storage_class, user_metadata, checksums, checksum_type, file, options) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
  if (!insert.ok()) return std::move(insert).error();
  const ObjectAttributes& a = object.attributes;
  Status inserted = insert->bind(1, bucket)
                        .bind_blob(2, object.key)
                        .bind(3, static_cast<int64_t>(object.size))
                        .bind(4, object.etag)
                        .bind(5, object.last_modified_ns)
                        .bind(6, a.content_type)
                        .bind(7, a.content_encoding)
                        .bind(8, a.storage_class)
                        .bind_blob(9, encode_named_values(a.user_metadata))
                        .bind_blob(10, encode_named_values(object.checksums))
                        .bind(11, object.checksum_type)
                        .bind(12, file)
                        .bind_blob(13, encode_named_values(a.options))
                        .run();
  if (!inserted.ok()) return std::move(inserted).error();
  if (!*old) return std::optional<std::string>();
  return std::optional<std::string>(std::move((*old)->file));
}

Result<ObjectInfo> FileStore::commit_object(const std::string& bucket, ObjectInfo object,
                                            const std::string& file) {
  std::optional<std::string> replaced;
  {
    base::MutexLock lock(mu_);
    Status exists = require_bucket(bucket);
    Result<std::optional<std::string>> old =
        exists.ok() ? record_object(bucket, object, file) : std::move(exists).error();
    if (!old.ok()) {
      remove_content(bucket, {file});
      return std::move(old).error();
    }
    replaced = std::move(*old);
  }
  if (replaced) remove_content(bucket, {*replaced});
  return object;
}

Result<std::unique_ptr<ObjectReader>> FileStore::get_object(const std::string& bucket,
                                                            const std::string& key) {
  base::MutexLock lock(mu_);
  Result<StoredObject> found = existing_object(bucket, key);
  if (!found.ok()) return std::move(found).error();
  // Opened under the lock: a replace or delete removes the file only after taking the lock,
  // so the descriptor always refers to this row's bytes.
  std::unique_ptr<io::ReadableFile> file;
  io::Status opened =
      io::ReadableFile::open(io::default_env(), content_path(bucket, found->file), &file);
  if (!opened.ok()) return internal_error(opened.message);
  return std::unique_ptr<ObjectReader>(
      new ContentFileReader(std::move(found->info), std::move(file)));
}

Result<ObjectInfo> FileStore::head_object(const std::string& bucket, const std::string& key) {
  base::MutexLock lock(mu_);
  Result<StoredObject> found = existing_object(bucket, key);
  if (!found.ok()) return std::move(found).error();
  return std::move(found->info);
}

Result<FileStore::StoredObject> FileStore::existing_object(const std::string& bucket,
                                                           const std::string& key) {
  Status exists = require_bucket(bucket);
  if (!exists.ok()) return std::move(exists).error();
  Result<std::optional<StoredObject>> found = find_object(bucket, key);
  if (!found.ok()) return std::move(found).error();
  if (!*found) return no_such_key(bucket, key);
  Status restore = load_restore(bucket, (*found)->info);
  if (!restore.ok()) return std::move(restore).error();
  return std::move(**found);
}

Status FileStore::delete_object(const std::string& bucket, const std::string& key) {
  std::optional<std::string> removed;
  {
    base::MutexLock lock(mu_);
    Status exists = require_bucket(bucket);
    if (!exists.ok()) return exists;
    Result<std::optional<StoredObject>> found = find_object(bucket, key);
    if (!found.ok()) return std::move(found).error();
    if (!*found) return ok_status();
    Result<SqliteStatement> stmt =
        db_->prepare("DELETE FROM objects WHERE bucket = ?1 AND key = ?2");
    if (!stmt.ok()) return std::move(stmt).error();
    Status deleted = stmt->bind(1, bucket).bind_blob(2, key).run();
    if (!deleted.ok()) return deleted;
    removed = std::move((*found)->file);
  }
  remove_content(bucket, {*removed});
  return ok_status();
}

Result<ListResult> FileStore::list_objects(const std::string& bucket, const ListQuery& query) {
  base::MutexLock lock(mu_);
  Status exists = require_bucket(bucket);
  if (!exists.ok()) return std::move(exists).error();
  auto seek_statement = [&](const char* comparison) {
    mu_.assert_held();  // called below, under the lock
    return db_->prepare(std::string("SELECT ") + kObjectColumns +
                        " FROM objects WHERE bucket = ?1 AND key " + comparison +
                        " ?2 ORDER BY key LIMIT 1");
  };
  Result<SqliteStatement> at_or_after = seek_statement(">=");
  if (!at_or_after.ok()) return std::move(at_or_after).error();
  Result<SqliteStatement> after = seek_statement(">");
  if (!after.ok()) return std::move(after).error();
  KeySeek seek = [&](const std::string& bound,
                     bool inclusive) -> Result<std::optional<ObjectInfo>> {
    SqliteStatement& stmt = inclusive ? *at_or_after : *after;
    stmt.reset();
    Result<bool> row = stmt.bind(1, bucket).bind_blob(2, bound).step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) return std::optional<ObjectInfo>();
    return std::optional<ObjectInfo>(object_from_row(stmt));
  };
  return list_page(query, seek);
}

}  // namespace hoist::serve

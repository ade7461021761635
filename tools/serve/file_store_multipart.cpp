// FileStore's multipart uploads: parts are content files like objects; Complete concatenates
// them into a new content file outside the lock and then swaps the rows in one transaction.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "tools/serve/file_store.h"
#include "tools/serve/store_clock.h"
#include "tools/serve/store_content_file.h"
#include "tools/serve/store_errors.h"
#include "tools/serve/store_multipart_rules.h"
#include "tools/serve/store_named_values.h"
#include "tools/serve/store_random_id.h"

namespace hoist::serve {
namespace {

// Appends all of `source` to `out` in the kernel (copy_file_range), falling back to read/write
// where the file system cannot. ENOENT when the part was removed by a concurrent abort.
Status append_file(int out, const std::string& source) {
  int in = ::open(source.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) return internal_error("open " + source + ": " + std::strerror(errno));
  Status status = ok_status();
  for (;;) {
    ssize_t n = ::copy_file_range(in, nullptr, out, nullptr, 1 << 30, 0);
    if (n == 0) break;
    if (n > 0) continue;
    if (errno == EINTR) continue;
    if (errno != EXDEV && errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP) {
      status = internal_error("copy " + source + ": " + std::strerror(errno));
      break;
    }
    char buffer[1 << 16];
    ssize_t got;
    while ((got = ::read(in, buffer, sizeof buffer)) > 0) {
      if (::write(out, buffer, static_cast<size_t>(got)) != got) {
        got = -1;
        break;
      }
    }
    if (got < 0) status = internal_error("copy " + source + ": " + std::strerror(errno));
    break;
  }
  ::close(in);
  return status;
}

}  // namespace

// Streams one part into a content file, hashing MD5 (the part's ETag) and the upload's checksum
// algorithm, so Complete can combine checksums without trusting or re-reading anything.
class FileStore::PartFileWriter : public ObjectWriter {
 public:
  PartFileWriter(FileStore& store, std::string bucket, std::string upload_id, int part_number,
                 std::string value_name, std::string id, std::unique_ptr<StoreContentFile> file)
      : store_(store), bucket_(std::move(bucket)), upload_id_(std::move(upload_id)),
        part_number_(part_number), value_name_(std::move(value_name)), id_(std::move(id)),
        file_(std::move(file)) {}

  Status write(std::span<const char> bytes) override {
    if (!file_) return invalid_request("The part was already committed.");
    return file_->append(bytes);
  }

  Result<ObjectInfo> commit(const NamedValues&) override {
    if (!file_) return invalid_request("The part was already committed.");
    std::unique_ptr<StoreContentFile> file = std::move(file_);
    PartInfo part;
    part.part_number = part_number_;
    part.size = file->size();
    part.etag = "\"" + file->finish_md5().to_hex() + "\"";
    if (!value_name_.empty()) part.checksums = {{value_name_, file->finish_checksum().to_base64()}};
    part.last_modified_ns = now_ns();
    Status published = store_.publish(bucket_, id_, *file);
    if (!published.ok()) return std::move(published).error();
    return store_.commit_part(bucket_, upload_id_, part, id_);
  }

 private:
  FileStore& store_;
  std::string bucket_;
  std::string upload_id_;
  int part_number_;
  std::string value_name_;
  std::string id_;
  std::unique_ptr<StoreContentFile> file_;
};

Result<FileStore::Upload> FileStore::find_upload(const std::string& bucket, const std::string& key,
                                                 const std::string& upload_id) {
  Status exists = require_bucket(bucket);
  if (!exists.ok()) return std::move(exists).error();
  Result<SqliteStatement> stmt = db_->prepare(
      "SELECT content_type, content_encoding, storage_class, user_metadata, checksum_algorithm, "
      "checksum_type, options FROM uploads WHERE upload_id = ?1 AND bucket = ?2 AND key = ?3");
  if (!stmt.ok()) return std::move(stmt).error();
  Result<bool> row = stmt->bind(1, upload_id).bind(2, bucket).bind_blob(3, key).step();
  if (!row.ok()) return std::move(row).error();
  if (!*row) return no_such_upload(upload_id);
  Upload upload;
  upload.attributes.content_type = stmt->text(0);
  upload.attributes.content_encoding = stmt->text(1);
  upload.attributes.storage_class = stmt->text(2);
  upload.attributes.user_metadata = decode_named_values(stmt->text(3)).value_or(NamedValues{});
  upload.checksum_algorithm = stmt->text(4);
  upload.checksum_type = stmt->text(5);
  upload.attributes.options = decode_named_values(stmt->text(6)).value_or(NamedValues{});
  return upload;
}

Result<FileStore::StoredParts> FileStore::stored_parts(const std::string& upload_id) {
  Result<SqliteStatement> stmt = db_->prepare(
      "SELECT part_number, size, etag, checksums, mtime_ns, file FROM parts "
      "WHERE upload_id = ?1 ORDER BY part_number");
  if (!stmt.ok()) return std::move(stmt).error();
  stmt->bind(1, upload_id);
  StoredParts out;
  for (;;) {
    Result<bool> row = stmt->step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    PartInfo part;
    part.part_number = static_cast<int>(stmt->integer(0));
    part.size = static_cast<uint64_t>(stmt->integer(1));
    part.etag = stmt->text(2);
    part.checksums = decode_named_values(stmt->text(3)).value_or(NamedValues{});
    part.last_modified_ns = stmt->integer(4);
    out.files[part.part_number] = stmt->text(5);
    out.parts[part.part_number] = std::move(part);
  }
  return out;
}

Result<std::string> FileStore::create_upload(const std::string& bucket, const std::string& key,
                                             const ObjectAttributes& attributes,
                                             const std::string& checksum_algorithm,
                                             const std::string& checksum_type) {
  Result<UploadChecksum> upload_checksum = check_new_upload(key, checksum_algorithm, checksum_type);
  if (!upload_checksum.ok()) return std::move(upload_checksum).error();
  base::MutexLock lock(mu_);
  Status exists = require_bucket(bucket);
  if (!exists.ok()) return std::move(exists).error();
  std::string upload_id = random_hex_id(24);
  Result<SqliteStatement> insert = db_->prepare(
      "INSERT INTO uploads(upload_id, bucket, key, initiated_ns, content_type, content_encoding, "
      "storage_class, user_metadata, checksum_algorithm, checksum_type, options) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
  if (!insert.ok()) return std::move(insert).error();
  Status inserted = insert->bind(1, upload_id)
                        .bind(2, bucket)
                        .bind_blob(3, key)
                        .bind(4, now_ns())
                        .bind(5, attributes.content_type)
                        .bind(6, attributes.content_encoding)
                        .bind(7, attributes.storage_class)
                        .bind_blob(8, encode_named_values(attributes.user_metadata))
                        .bind(9, checksum_algorithm)
                        .bind(10, upload_checksum->type_name())
                        .bind_blob(11, encode_named_values(attributes.options))
                        .run();
  if (!inserted.ok()) return std::move(inserted).error();
  return upload_id;
}

Result<std::unique_ptr<ObjectWriter>> FileStore::put_part(const std::string& bucket,
                                                          const std::string& key,
                                                          const std::string& upload_id,
                                                          int part_number) {
  Status valid = check_part_number(part_number);
  if (!valid.ok()) return std::move(valid).error();
  Result<Upload> upload = [&] {
    base::MutexLock lock(mu_);
    return find_upload(bucket, key, upload_id);
  }();
  if (!upload.ok()) return std::move(upload).error();
  Result<UploadChecksum> upload_checksum =
      parse_upload_checksum(upload->checksum_algorithm, upload->checksum_type);
  if (!upload_checksum.ok()) return std::move(upload_checksum).error();
  bool hashed = upload_checksum->algorithm != checksum::Algorithm::none;
  std::string id = random_hex_id();
  Result<std::unique_ptr<StoreContentFile>> file =
      StoreContentFile::create(temp_path(bucket, id), upload_checksum->algorithm);
  if (!file.ok()) return std::move(file).error();
  return std::unique_ptr<ObjectWriter>(new PartFileWriter(
      *this, bucket, upload_id, part_number, hashed ? upload_checksum->value_name() : "",
      std::move(id), std::move(*file)));
}

Result<ObjectInfo> FileStore::commit_part(const std::string& bucket, const std::string& upload_id,
                                          const PartInfo& part, const std::string& file) {
  std::optional<std::string> replaced;
  {
    base::MutexLock lock(mu_);
    auto fail = [&](Error e) -> Result<ObjectInfo> {
      remove_content(bucket, {file});
      return e;
    };
    Result<SqliteStatement> open_upload =
        db_->prepare("SELECT 1 FROM uploads WHERE upload_id = ?1");
    if (!open_upload.ok()) return fail(std::move(open_upload).error());
    Result<bool> still_open = open_upload->bind(1, upload_id).step();
    if (!still_open.ok()) return fail(std::move(still_open).error());
    if (!*still_open) return fail(no_such_upload(upload_id));
    Result<SqliteStatement> old =
        db_->prepare("SELECT file FROM parts WHERE upload_id = ?1 AND part_number = ?2");
    if (!old.ok()) return fail(std::move(old).error());
    Result<bool> had = old->bind(1, upload_id).bind(2, int64_t{part.part_number}).step();
    if (!had.ok()) return fail(std::move(had).error());
    if (*had) replaced = old->text(0);
    Result<SqliteStatement> insert = db_->prepare(
        "INSERT OR REPLACE INTO parts(upload_id, part_number, size, etag, checksums, mtime_ns, "
        "file) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!insert.ok()) return fail(std::move(insert).error());
    Status inserted = insert->bind(1, upload_id)
                          .bind(2, int64_t{part.part_number})
                          .bind(3, static_cast<int64_t>(part.size))
                          .bind(4, part.etag)
                          .bind_blob(5, encode_named_values(part.checksums))
                          .bind(6, part.last_modified_ns)
                          .bind(7, file)
                          .run();
    if (!inserted.ok()) return fail(std::move(inserted).error());
  }
  if (replaced) remove_content(bucket, {*replaced});
  ObjectInfo out;
  out.size = part.size;
  out.etag = part.etag;
  out.last_modified_ns = part.last_modified_ns;
  out.checksums = part.checksums;
  return out;
}

Result<std::vector<PartInfo>> FileStore::list_parts(const std::string& bucket,
                                                    const std::string& key,
                                                    const std::string& upload_id) {
  base::MutexLock lock(mu_);
  Result<Upload> upload = find_upload(bucket, key, upload_id);
  if (!upload.ok()) return std::move(upload).error();
  Result<StoredParts> stored = stored_parts(upload_id);
  if (!stored.ok()) return std::move(stored).error();
  std::vector<PartInfo> out;
  for (auto& [number, part] : stored->parts) out.push_back(std::move(part));
  return out;
}

Result<std::vector<UploadInfo>> FileStore::list_uploads(const std::string& bucket,
                                                        const std::string& prefix) {
  base::MutexLock lock(mu_);
  Status exists = require_bucket(bucket);
  if (!exists.ok()) return std::move(exists).error();
  Result<SqliteStatement> stmt = db_->prepare(
      "SELECT key, upload_id, initiated_ns, storage_class FROM uploads WHERE bucket = ?1 AND "
      "key >= ?2 "
      "ORDER BY key, initiated_ns");
  if (!stmt.ok()) return std::move(stmt).error();
  stmt->bind(1, bucket).bind_blob(2, prefix);
  std::vector<UploadInfo> out;
  for (;;) {
    Result<bool> row = stmt->step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) break;
    UploadInfo upload{stmt->text(0), stmt->text(1), stmt->integer(2), stmt->text(3)};
    if (!upload.key.starts_with(prefix)) break;
    out.push_back(std::move(upload));
  }
  return out;
}

Status FileStore::abort_upload(const std::string& bucket, const std::string& key,
                               const std::string& upload_id) {
  std::vector<std::string> files;
  {
    base::MutexLock lock(mu_);
    Result<Upload> upload = find_upload(bucket, key, upload_id);
    if (!upload.ok()) return std::move(upload).error();
    Result<StoredParts> stored = stored_parts(upload_id);
    if (!stored.ok()) return std::move(stored).error();
    Status forgotten = forget_upload(upload_id);
    if (!forgotten.ok()) return forgotten;
    for (auto& [number, file] : stored->files) files.push_back(std::move(file));
  }
  remove_content(bucket, files);
  return ok_status();
}

Status FileStore::forget_upload(const std::string& upload_id) {
  Status status = db_->exec("SAVEPOINT forget");
  for (const char* sql : {"DELETE FROM parts WHERE upload_id = ?1",
                          "DELETE FROM uploads WHERE upload_id = ?1"}) {
    if (!status.ok()) break;
    Result<SqliteStatement> stmt = db_->prepare(sql);
    status = stmt.ok() ? stmt->bind(1, upload_id).run() : Status(std::move(stmt).error());
  }
  if (!status.ok()) {
    (void)db_->exec("ROLLBACK TO forget; RELEASE forget");
    return status;
  }
  return db_->exec("RELEASE forget");
}

Result<ObjectInfo> FileStore::complete_upload(const std::string& bucket, const std::string& key,
                                              const std::string& upload_id,
                                              const std::vector<CompletePart>& parts,
                                              const NamedValues& checksums) {
  // 1. Check the request against a snapshot of the upload and its parts.
  Upload upload;
  StoredParts stored;
  ObjectInfo object;
  {
    base::MutexLock lock(mu_);
    Result<Upload> found = find_upload(bucket, key, upload_id);
    if (!found.ok()) return std::move(found).error();
    upload = std::move(*found);
    Result<StoredParts> loaded = stored_parts(upload_id);
    if (!loaded.ok()) return std::move(loaded).error();
    stored = std::move(*loaded);
  }
  Result<UploadChecksum> upload_checksum =
      parse_upload_checksum(upload.checksum_algorithm, upload.checksum_type);
  if (!upload_checksum.ok()) return std::move(upload_checksum).error();
  Result<std::vector<PartInfo>> selected = select_parts(parts, [&](int number) -> const PartInfo* {
    auto it = stored.parts.find(number);
    return it == stored.parts.end() ? nullptr : &it->second;
  });
  if (!selected.ok()) return std::move(selected).error();
  Result<ObjectInfo> completed = completed_object(*selected, *upload_checksum, checksums);
  if (!completed.ok()) return std::move(completed).error();
  object = std::move(*completed);
  object.key = key;
  object.attributes = upload.attributes;

  // 2. Without the lock: concatenate the parts into a new content file.
  std::string id = random_hex_id();
  Result<std::unique_ptr<StoreContentFile>> assembled =
      StoreContentFile::create(temp_path(bucket, id), checksum::Algorithm::none);
  if (!assembled.ok()) return std::move(assembled).error();
  for (const PartInfo& part : *selected) {
    Status appended =
        append_file((*assembled)->descriptor(), content_path(bucket, stored.files[part.part_number]));
    if (!appended.ok()) return std::move(appended).error();
  }
  Status published = publish(bucket, id, **assembled);
  if (!published.ok()) return std::move(published).error();

  // 3. Under the lock: if no part changed meanwhile, the object replaces the key and the
  // upload is gone, in one transaction.
  std::optional<std::string> replaced;
  {
    base::MutexLock lock(mu_);
    auto fail = [&](Error e) -> Result<ObjectInfo> {
      remove_content(bucket, {id});
      return e;
    };
    SqliteTransaction transaction(*db_);
    if (!transaction.begun().ok()) return fail(transaction.begun().error());
    Result<StoredParts> now = stored_parts(upload_id);
    if (!now.ok()) return fail(std::move(now).error());
    if (now->files != stored.files) {
      return fail(now->files.empty() ? no_such_upload(upload_id)
                                     : invalid_part("A part was replaced while the upload was "
                                                    "being completed."));
    }
    object.last_modified_ns = now_ns();
    Result<std::optional<std::string>> old = record_object(bucket, object, id);
    if (!old.ok()) return fail(std::move(old).error());
    Status forgotten = forget_upload(upload_id);
    if (!forgotten.ok()) return fail(std::move(forgotten).error());
    Status committed = transaction.commit();
    if (!committed.ok()) return fail(std::move(committed).error());
    replaced = std::move(*old);
  }
  std::vector<std::string> obsolete;
  for (auto& [number, file] : stored.files) obsolete.push_back(std::move(file));
  if (replaced) obsolete.push_back(std::move(*replaced));
  remove_content(bucket, obsolete);
  return object;
}

}  // namespace hoist::serve

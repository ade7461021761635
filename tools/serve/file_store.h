// FileStore: the ObjectStore behind `hoist serve --root DIR`, keeping objects on disk so that
// they survive a restart.
//
// Layout under DIR:
//   .hoist-store.db                 SQLite (WAL): buckets, key -> content file and all metadata,
//                                   uploads and their parts
//   <bucket>/objects/<2 hex>/<id>   content files of objects and parts, named by random ids
//   <bucket>/tmp/<id>               bytes still being written; emptied on open
// Keys never become paths: an S3 key may contain "..", "//", a leading '/' or be a prefix of
// another key, and none of that can reach the file system. Bucket names are validated (they
// cannot start with '.', so they never collide with the database).
//
// Concurrency: one mutex serializes the database; bytes are written and read outside it. A
// commit publishes its content file, then swaps the key's row in one transaction, then removes
// the replaced file: readers see the old object or the new one whole, and a reader opened
// before a replace or delete keeps reading the old bytes (the open descriptor keeps them).
// After a crash, content files published but never recorded may remain; they are harmless.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/mutex.h"
#include "tools/serve/object_store.h"
#include "tools/serve/store_sqlite.h"

namespace hoist::serve {

class StoreContentFile;

class FileStore : public ObjectStore {
 public:
  // Opens the store in `root_dir`, creating the directory and database if needed.
  static Result<std::unique_ptr<FileStore>> open(const std::string& root_dir);
  ~FileStore() override;

  Status create_bucket(const std::string& bucket) override;
  Status delete_bucket(const std::string& bucket) override;
  Status head_bucket(const std::string& bucket) override;
  Result<std::vector<BucketInfo>> list_buckets() override;

  Result<std::unique_ptr<ObjectWriter>> put_object(const std::string& bucket,
                                                   const std::string& key,
                                                   const ObjectAttributes& attributes) override;
  Result<std::unique_ptr<ObjectReader>> get_object(const std::string& bucket,
                                                   const std::string& key) override;
  Result<ObjectInfo> head_object(const std::string& bucket, const std::string& key) override;
  Status delete_object(const std::string& bucket, const std::string& key) override;
  Result<ListResult> list_objects(const std::string& bucket, const ListQuery& query) override;

  Result<std::string> create_upload(const std::string& bucket, const std::string& key,
                                    const ObjectAttributes& attributes,
                                    const std::string& checksum_algorithm,
                                    const std::string& checksum_type) override;
  Result<std::unique_ptr<ObjectWriter>> put_part(const std::string& bucket,
                                                 const std::string& key,
                                                 const std::string& upload_id,
                                                 int part_number) override;
  Result<ObjectInfo> complete_upload(const std::string& bucket, const std::string& key,
                                     const std::string& upload_id,
                                     const std::vector<CompletePart>& parts,
                                     const NamedValues& checksums) override;
  Status abort_upload(const std::string& bucket, const std::string& key,
                      const std::string& upload_id) override;
  Result<std::vector<PartInfo>> list_parts(const std::string& bucket, const std::string& key,
                                           const std::string& upload_id) override;
  Result<std::vector<UploadInfo>> list_uploads(const std::string& bucket,
                                               const std::string& prefix) override;
  Status set_restore(const std::string& bucket, const std::string& key, const std::string& etag,
                     const ObjectRestore& restore) override;

 private:
  class ObjectFileWriter;
  class PartFileWriter;

  // An upload's row. Parts by number, each with the id of its content file.
  struct Upload {
    ObjectAttributes attributes;
    std::string checksum_algorithm;  // as given to create_upload
    std::string checksum_type;
  };
  struct StoredParts {
    std::map<int, PartInfo> parts;
    std::map<int, std::string> files;
  };

  FileStore(std::string root, std::unique_ptr<SqliteDatabase> db);

  std::string bucket_dir(const std::string& bucket) const;
  std::string temp_path(const std::string& bucket, const std::string& id) const;
  std::string content_path(const std::string& bucket, const std::string& id) const;
  // Moves a finished content file from tmp/ to objects/, creating its fan-out directory.
  Status publish(const std::string& bucket, const std::string& id, StoreContentFile& file);
  void remove_content(const std::string& bucket, const std::vector<std::string>& ids) const;

  Status require_bucket(const std::string& bucket) REQUIRES(mu_);
  // The key's object and the id of its content file; nullopt if the key has none.
  struct StoredObject {
    ObjectInfo info;
    std::string file;
  };
  Result<std::optional<StoredObject>> find_object(const std::string& bucket,
                                                  const std::string& key) REQUIRES(mu_);
  // The key's object; NoSuchBucket or NoSuchKey when there is none.
  Result<StoredObject> existing_object(const std::string& bucket, const std::string& key)
      REQUIRES(mu_);
  Result<Upload> find_upload(const std::string& bucket, const std::string& key,
                             const std::string& upload_id) REQUIRES(mu_);
  Result<StoredParts> stored_parts(const std::string& upload_id) REQUIRES(mu_);
  // Deletes the upload's rows and its parts' rows (not their files), all or nothing.
  Status forget_upload(const std::string& upload_id) REQUIRES(mu_);
  // Inserts or replaces the key's row; returns the content file it replaced, if any.
  Result<std::optional<std::string>> record_object(const std::string& bucket,
                                                   const ObjectInfo& object,
                                                   const std::string& file) REQUIRES(mu_);

  // Commits for the writers: record the published content file under the key or part.
  Result<ObjectInfo> commit_object(const std::string& bucket, ObjectInfo object,
                                   const std::string& file) EXCLUDES(mu_);
  Result<ObjectInfo> commit_part(const std::string& bucket, const std::string& upload_id,
                                 const PartInfo& part, const std::string& file) EXCLUDES(mu_);
  // Fills info.restore from the restores table (file_store_restore.cpp): a row counts only
  // while it names the object's current ETag and mtime.
  Status load_restore(const std::string& bucket, ObjectInfo& info) REQUIRES(mu_);

  const std::string root_;
  base::Mutex mu_;
  std::unique_ptr<SqliteDatabase> db_ PT_GUARDED_BY(mu_);
};

}  // namespace hoist::serve

#include "tools/serve/discard_store.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <functional>
#include <tuple>
#include <utility>

#include "tools/serve/store_clock.h"
#include "tools/serve/store_errors.h"
#include "tools/serve/store_listing.h"
#include "tools/serve/store_names.h"
#include "tools/serve/store_random_id.h"

namespace hoist::serve {
namespace {

// The bytes a discarding store serves back are generated, not the ones it received, so the
// object it remembers claims no checksum: a client verifying a download would otherwise fail.
// The upload's response still echoes the checksums that were verified on arrival.
ObjectInfo without_checksums(ObjectInfo object) {
  object.checksums.clear();
  object.checksum_type.clear();
  return object;
}

// A prime period, so the pattern never lines up with power-of-two part or buffer sizes and a
// misplaced range shows up as wrong bytes.
constexpr size_t kPatternPeriod = 65521;

const std::array<char, kPatternPeriod>& pattern() {
  static const std::array<char, kPatternPeriod> bytes = [] {
    std::array<char, kPatternPeriod> out{};
    uint64_t x = 0x9E3779B97F4A7C15ull;
    for (char& c : out) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      c = static_cast<char>(x);
    }
    return out;
  }();
  return bytes;
}

// Serves fill_generated() bytes for an object of the remembered size.
class GeneratedReader : public ObjectReader {
 public:
  explicit GeneratedReader(ObjectInfo info) : info_(std::move(info)) {}
  const ObjectInfo& info() const override { return info_; }
  Result<size_t> read_at(uint64_t offset, std::span<char> dst) override {
    if (offset >= info_.size) return size_t{0};
    size_t n = static_cast<size_t>(std::min<uint64_t>(dst.size(), info_.size - offset));
    DiscardStore::fill_generated(offset, dst.first(n));
    return n;
  }

 private:
  ObjectInfo info_;
};

}  // namespace

// Counts bytes and drops them; commit() hands the count to the store.
class DiscardStore::CountingWriter : public ObjectWriter {
 public:
  using Commit = std::function<Result<ObjectInfo>(uint64_t size, const NamedValues& checksums)>;
  CountingWriter(std::atomic<uint64_t>& received, Commit commit)
      : received_(received), commit_(std::move(commit)) {}

  Status write(std::span<const char> bytes) override {
    if (!commit_) return invalid_request("The object was already committed.");
    size_ += bytes.size();
    received_.fetch_add(bytes.size(), std::memory_order_relaxed);
    return ok_status();
  }

  Result<ObjectInfo> commit(const NamedValues& checksums) override {
    if (!commit_) return invalid_request("The object was already committed.");
    return std::exchange(commit_, nullptr)(size_, checksums);
  }

 private:
  std::atomic<uint64_t>& received_;
  Commit commit_;
  uint64_t size_ = 0;
};

void DiscardStore::fill_generated(uint64_t offset, std::span<char> dst) {
  const char* source = pattern().data();
  while (!dst.empty()) {
    size_t phase = static_cast<size_t>(offset % kPatternPeriod);
    size_t n = std::min(dst.size(), kPatternPeriod - phase);
    std::memcpy(dst.data(), source + phase, n);
    dst = dst.subspan(n);
    offset += n;
  }
}

std::string DiscardStore::next_etag(uint64_t size) {
  uint64_t serial = etags_issued_.fetch_add(1, std::memory_order_relaxed);
  char hex[40];
  std::snprintf(hex, sizeof hex, "\"%016llx%016llx\"", static_cast<unsigned long long>(size),
                static_cast<unsigned long long>(serial));
  return hex;
}

Result<DiscardStore::Bucket*> DiscardStore::find_bucket(const std::string& bucket) {
  Status valid = check_bucket_name(bucket);
  if (!valid.ok()) return std::move(valid).error();
  auto it = buckets_.find(bucket);
  if (it == buckets_.end()) return no_such_bucket(bucket);
  return &it->second;
}

Result<DiscardStore::Upload*> DiscardStore::find_upload(const std::string& bucket,
                                                        const std::string& key,
                                                        const std::string& upload_id) {
  Result<Bucket*> found = find_bucket(bucket);
  if (!found.ok()) return std::move(found).error();
  auto it = (*found)->uploads.find(upload_id);
  if (it == (*found)->uploads.end() || it->second.key != key) return no_such_upload(upload_id);
  return &it->second;
}

Status DiscardStore::create_bucket(const std::string& bucket) {
  Status valid = check_bucket_name(bucket);
  if (!valid.ok()) return valid;
  base::MutexLock lock(mu_);
  auto [it, inserted] = buckets_.try_emplace(bucket);
  if (!inserted) {
    return bucket_already_owned(bucket);
  }
  it->second.created_ns = now_ns();
  return ok_status();
}

Status DiscardStore::delete_bucket(const std::string& bucket) {
  base::MutexLock lock(mu_);
  Result<Bucket*> found = find_bucket(bucket);
  if (!found.ok()) return std::move(found).error();
  if (!(*found)->objects.empty() || !(*found)->uploads.empty()) {
    return bucket_not_empty(bucket);
  }
  buckets_.erase(bucket);
  return ok_status();
}

Status DiscardStore::head_bucket(const std::string& bucket) {
  base::MutexLock lock(mu_);
  Result<Bucket*> found = find_bucket(bucket);
  if (!found.ok()) return std::move(found).error();
  return ok_status();
}

Result<std::vector<BucketInfo>> DiscardStore::list_buckets() {
  base::MutexLock lock(mu_);
  std::vector<BucketInfo> out;
  for (const auto& [name, bucket] : buckets_) out.push_back({name, bucket.created_ns});
  return out;
}

Result<std::unique_ptr<ObjectWriter>> DiscardStore::put_object(
    const std::string& bucket, const std::string& key, const ObjectAttributes& attributes) {
  Status valid = check_key(key);
  if (!valid.ok()) return std::move(valid).error();
  {
    base::MutexLock lock(mu_);
    Result<Bucket*> found = find_bucket(bucket);
    if (!found.ok()) return std::move(found).error();
  }
  auto commit = [this, bucket, key, attributes](
                    uint64_t size, const NamedValues& checksums) -> Result<ObjectInfo> {
    ObjectInfo object;
    object.key = key;
    object.size = size;
    object.etag = next_etag(size);
    object.last_modified_ns = now_ns();
    object.attributes = attributes;
    object.checksums = checksums;
    object.checksum_type = checksums.empty() ? "" : "FULL_OBJECT";
    base::MutexLock lock(mu_);
    Result<Bucket*> found = find_bucket(bucket);
    if (!found.ok()) return std::move(found).error();
    (*found)->objects[key] = without_checksums(object);
    objects_committed_.fetch_add(1, std::memory_order_relaxed);
    return object;
  };
  return std::unique_ptr<ObjectWriter>(new CountingWriter(bytes_received_, std::move(commit)));
}

Result<std::unique_ptr<ObjectReader>> DiscardStore::get_object(const std::string& bucket,
                                                               const std::string& key) {
  Result<ObjectInfo> info = head_object(bucket, key);
  if (!info.ok()) return std::move(info).error();
  return std::unique_ptr<ObjectReader>(new GeneratedReader(std::move(*info)));
}

Result<ObjectInfo> DiscardStore::head_object(const std::string& bucket, const std::string& key) {
  base::MutexLock lock(mu_);
  Result<Bucket*> found = find_bucket(bucket);
  if (!found.ok()) return std::move(found).error();
  auto it = (*found)->objects.find(key);
  if (it == (*found)->objects.end()) return no_such_key(bucket, key);
  return it->second;
}

Status DiscardStore::delete_object(const std::string& bucket, const std::string& key) {
  base::MutexLock lock(mu_);
  Result<Bucket*> found = find_bucket(bucket);
  if (!found.ok()) return std::move(found).error();
  (*found)->objects.erase(key);
  return ok_status();
}

Result<ListResult> DiscardStore::list_objects(const std::string& bucket, const ListQuery& query) {
  base::MutexLock lock(mu_);
  Result<Bucket*> found = find_bucket(bucket);
  if (!found.ok()) return std::move(found).error();
  const std::map<std::string, ObjectInfo>& objects = (*found)->objects;
  KeySeek seek = [&](const std::string& bound,
                     bool inclusive) -> Result<std::optional<ObjectInfo>> {
    auto it = inclusive ? objects.lower_bound(bound) : objects.upper_bound(bound);
    if (it == objects.end()) return std::optional<ObjectInfo>();
    return std::optional<ObjectInfo>(it->second);
  };
  return list_page(query, seek);
}

Result<std::string> DiscardStore::create_upload(const std::string& bucket, const std::string& key,
                                                const ObjectAttributes& attributes,
                                                const std::string& checksum_algorithm,
                                                const std::string& checksum_type) {
  Result<UploadChecksum> upload_checksum = check_new_upload(key, checksum_algorithm, checksum_type);
  if (!upload_checksum.ok()) return std::move(upload_checksum).error();
  base::MutexLock lock(mu_);
  Result<Bucket*> found = find_bucket(bucket);
  if (!found.ok()) return std::move(found).error();
  std::string upload_id = random_hex_id(24);
  (*found)->uploads[upload_id] = {key, attributes, *upload_checksum, now_ns(), {}};
  return upload_id;
}

Result<std::unique_ptr<ObjectWriter>> DiscardStore::put_part(const std::string& bucket,
                                                             const std::string& key,
                                                             const std::string& upload_id,
                                                             int part_number) {
  Status valid = check_part_number(part_number);
  if (!valid.ok()) return std::move(valid).error();
  {
    base::MutexLock lock(mu_);
    Result<Upload*> upload = find_upload(bucket, key, upload_id);
    if (!upload.ok()) return std::move(upload).error();
  }
  auto commit = [this, bucket, key, upload_id, part_number](
                    uint64_t size, const NamedValues& checksums) -> Result<ObjectInfo> {
    PartInfo part{part_number, size, next_etag(size), checksums, now_ns()};
    base::MutexLock lock(mu_);
    Result<Upload*> upload = find_upload(bucket, key, upload_id);
    if (!upload.ok()) return std::move(upload).error();
    (*upload)->parts[part_number] = part;
    ObjectInfo out;
    out.size = size;
    out.etag = part.etag;
    out.checksums = checksums;
    out.last_modified_ns = part.last_modified_ns;
    return out;
  };
  return std::unique_ptr<ObjectWriter>(new CountingWriter(bytes_received_, std::move(commit)));
}

Result<ObjectInfo> DiscardStore::complete_upload(const std::string& bucket, const std::string& key,
                                                 const std::string& upload_id,
                                                 const std::vector<CompletePart>& parts,
                                                 const NamedValues& checksums) {
  base::MutexLock lock(mu_);
  Result<Upload*> upload = find_upload(bucket, key, upload_id);
  if (!upload.ok()) return std::move(upload).error();
  const std::map<int, PartInfo>& stored = (*upload)->parts;
  Result<std::vector<PartInfo>> selected = select_parts(parts, [&](int number) -> const PartInfo* {
    auto it = stored.find(number);
    return it == stored.end() ? nullptr : &it->second;
  });
  if (!selected.ok()) return std::move(selected).error();
  Result<ObjectInfo> object = completed_object(*selected, (*upload)->checksum, checksums);
  if (!object.ok()) return object;
  object->key = key;
  object->attributes = (*upload)->attributes;
  object->last_modified_ns = now_ns();
  Bucket& owner = buckets_.at(bucket);
  owner.objects[key] = without_checksums(*object);
  owner.uploads.erase(upload_id);
  objects_committed_.fetch_add(1, std::memory_order_relaxed);
  return object;
}

Status DiscardStore::abort_upload(const std::string& bucket, const std::string& key,
                                  const std::string& upload_id) {
  base::MutexLock lock(mu_);
  Result<Upload*> upload = find_upload(bucket, key, upload_id);
  if (!upload.ok()) return std::move(upload).error();
  buckets_.at(bucket).uploads.erase(upload_id);
  return ok_status();
}

Result<std::vector<PartInfo>> DiscardStore::list_parts(const std::string& bucket,
                                                       const std::string& key,
                                                       const std::string& upload_id) {
  base::MutexLock lock(mu_);
  Result<Upload*> upload = find_upload(bucket, key, upload_id);
  if (!upload.ok()) return std::move(upload).error();
  std::vector<PartInfo> out;
  for (const auto& [number, part] : (*upload)->parts) out.push_back(part);
  return out;
}

Result<std::vector<UploadInfo>> DiscardStore::list_uploads(const std::string& bucket,
                                                           const std::string& prefix) {
  base::MutexLock lock(mu_);
  Result<Bucket*> found = find_bucket(bucket);
  if (!found.ok()) return std::move(found).error();
  std::vector<UploadInfo> out;
  for (const auto& [id, upload] : (*found)->uploads) {
    if (upload.key.starts_with(prefix)) {
      out.push_back({upload.key, id, upload.initiated_ns, upload.attributes.storage_class});
    }
  }
  std::sort(out.begin(), out.end(), [](const UploadInfo& a, const UploadInfo& b) {
    return std::tie(a.key, a.initiated_ns) < std::tie(b.key, b.initiated_ns);
  });
  return out;
}

// A replaced object is a new ObjectInfo in the map, so it starts without a restore.
Status DiscardStore::set_restore(const std::string& bucket, const std::string& key,
                                 const std::string& etag, const ObjectRestore& restore) {
  base::MutexLock lock(mu_);
  Result<Bucket*> found = find_bucket(bucket);
  if (!found.ok()) return std::move(found).error();
  auto it = (*found)->objects.find(key);
  if (it == (*found)->objects.end() || it->second.etag != etag) return no_such_key(bucket, key);
  it->second.restore = restore;
  return ok_status();
}

}  // namespace hoist::serve

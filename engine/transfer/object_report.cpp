#include "engine/transfer/object_report.h"

#include <filesystem>

namespace hoist::transfer {

UploadIdentity upload_identity(const UploadSource& source, std::string_view checksum_algorithm) {
  return UploadIdentity{
      source.path, source.stat.size,      source.stat.mtime_ns,           source.bucket,
      source.key,  source.plan.part_size, std::string(checksum_algorithm)};
}

namespace {

ObjectReport named_report(const std::string& path, const std::string& bucket,
                          const std::string& key, uint64_t bytes) {
  ObjectReport report;
  report.local_path = path;
  report.bucket = bucket;
  report.key = key;
  report.bytes = bytes;
  report.stored_bytes = bytes;
  return report;
}

Error named_error(Error error, const std::string& path, const std::string& bucket,
                  const std::string& key) {
  if (error.bucket.empty()) error.bucket = bucket;
  if (error.key.empty()) error.key = key;
  if (error.local_path.empty() && error.kind == ErrorKind::kLocal) error.local_path = path;
  return error;
}

}  // namespace

ObjectReport report_for(const UploadSource& source) {
  return named_report(source.path, source.bucket, source.key, source.stat.size);
}

ObjectReport report_for(const DownloadSource& source) {
  return named_report(source.path, source.bucket, source.key, source.size);
}

Error error_for(const UploadSource& source, Error error) {
  return named_error(std::move(error), source.path, source.bucket, source.key);
}

Error error_for(const DownloadSource& source, Error error) {
  return named_error(std::move(error), source.path, source.bucket, source.key);
}

}  // namespace hoist::transfer

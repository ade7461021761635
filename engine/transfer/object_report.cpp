#include "engine/transfer/object_report.h"

#include <filesystem>

namespace hoist::transfer {

UploadIdentity upload_identity(const UploadSource& source, std::string_view checksum_algorithm) {
  return UploadIdentity{
      source.path, source.stat.size,      source.stat.mtime_ns,           source.bucket,
      source.key,  source.plan.part_size, std::string(checksum_algorithm)};
}

ObjectReport report_for(const UploadSource& source) {
  ObjectReport report;
  report.local_path = source.path;
  report.bucket = source.bucket;
  report.key = source.key;
  report.bytes = source.stat.size;
  return report;
}

Error error_for(const UploadSource& source, Error error) {
  if (error.bucket.empty()) error.bucket = source.bucket;
  if (error.key.empty()) error.key = source.key;
  if (error.local_path.empty() && error.kind == ErrorKind::kLocal) error.local_path = source.path;
  return error;
}

ObjectReport report_for(const DownloadSource& source) {
  ObjectReport report;
  report.local_path = source.path;
  report.bucket = source.bucket;
  report.key = source.key;
  report.bytes = source.size;
  return report;
}

Error error_for(const DownloadSource& source, Error error) {
  if (error.bucket.empty()) error.bucket = source.bucket;
  if (error.key.empty()) error.key = source.key;
  if (error.local_path.empty() && error.kind == ErrorKind::kLocal) error.local_path = source.path;
  return error;
}

}  // namespace hoist::transfer

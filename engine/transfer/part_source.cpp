#include "engine/transfer/part_source.h"

#include "engine/transfer/disk_threads.h"
#include "engine/transfer/local_error.h"
#include "engine/transfer/upload_headers.h"
#include "engine/transfer/upload_source.h"

namespace hoist::transfer {
namespace {

bool same_state(const io::FileStat& a, const io::FileStat& b) {
  return a.size == b.size && a.mtime_ns == b.mtime_ns;
}

}  // namespace

FilePartSource::FilePartSource(std::string path, io::FileStat stat)
    : path_(std::move(path)), listed_(stat) {}

Status FilePartSource::open(io::Env& env) {
  io::Status opened = env.open_for_read(path_, {}, &file_);
  if (!opened.ok()) return local_error(opened, path_);
  if (!same_state(file_->stat_at_open(), listed_)) {
    return local_error("FileChanged", "file changed after it was listed", path_);
  }
  return ok_status();
}

Status FilePartSource::read(DiskThread& reader, uint64_t offset, size_t length,
                            const io::PoolBuffer& buffer) {
  if (length == 0) return ok_status();
  size_t got = 0;
  io::Status read = reader.read(*file_, offset, buffer.data, length, &got);
  if (!read.ok()) return local_error(read, path_);
  if (got != length) return local_error("FileChanged", "file shrank while it was read", path_);
  return ok_status();
}

Status FilePartSource::unchanged() {
  io::FileStat now;
  io::Status stat = file_->current_stat(&now);
  if (!stat.ok()) return local_error(stat, path_);
  if (!same_state(file_->stat_at_open(), now)) {
    return local_error("FileChanged", "file changed while it was being uploaded", path_);
  }
  return ok_status();
}

http::Headers FilePartSource::object_headers(const std::string& content_type,
                                             const ObjectOptions& options) const {
  return transfer::object_headers(content_type, options, path_, listed_);
}

std::shared_ptr<PartSource> part_source_of(const UploadSource& source) {
  if (source.reader) return source.reader;
  return std::make_shared<FilePartSource>(source.path, source.stat);
}

}  // namespace hoist::transfer

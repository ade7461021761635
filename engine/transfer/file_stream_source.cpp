#include "engine/transfer/file_stream_source.h"

#include "engine/transfer/local_error.h"
#include "engine/transfer/upload_headers.h"

namespace hoist::transfer {
namespace {

bool same_state(const io::FileStat& a, const io::FileStat& b) {
  return a.size == b.size && a.mtime_ns == b.mtime_ns;
}

}  // namespace

Result<std::unique_ptr<FileStreamSource>> FileStreamSource::open(io::Env* env,
                                                                 const std::string& path,
                                                                 const io::FileStat& listed,
                                                                 std::string content_type) {
  std::unique_ptr<io::ReadableFile> file;
  io::Status opened = io::ReadableFile::open(env, path, &file);
  if (!opened.ok()) return local_error(opened, path);
  if (!same_state(file->stat_at_open(), listed)) {
    return local_error("FileChanged", "file changed after it was listed", path);
  }
  return std::unique_ptr<FileStreamSource>(
      new FileStreamSource(std::move(file), path, listed, std::move(content_type)));
}

FileStreamSource::FileStreamSource(std::unique_ptr<io::ReadableFile> file, std::string path,
                                   const io::FileStat& listed, std::string content_type)
    : file_(std::move(file)),
      path_(std::move(path)),
      listed_(listed),
      content_type_(std::move(content_type)) {}

Result<size_t> FileStreamSource::fill(char* data, size_t size) {
  size_t got = 0;
  io::Status read = file_->read_at(offset_, size, data, &got);
  if (!read.ok()) return local_error(read, path_);
  offset_ += got;
  if (offset_ > listed_.size) {
    return local_error("FileChanged", "file grew while it was read", path_);
  }
  return got;
}

http::Headers FileStreamSource::object_headers(const ObjectOptions& options) const {
  return transfer::object_headers(content_type_, options, path_, listed_);
}

Status FileStreamSource::check_unchanged() const {
  io::FileStat now;
  io::Status stat = file_->current_stat(&now);
  if (!stat.ok()) return local_error(stat, path_);
  if (offset_ != listed_.size || !same_state(now, listed_)) {
    return local_error("FileChanged", "file changed while it was being uploaded", path_);
  }
  return ok_status();
}

}  // namespace hoist::transfer

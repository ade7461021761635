#include "io/readable_file.h"

#include "io/posix_env.h"

namespace hoist::io {

Status ReadableFile::open(const std::string& path, std::unique_ptr<ReadableFile>* out) {
  std::unique_ptr<File> file;
  Status opened = PosixEnv().open_for_read(path, OpenOptions{}, &file);
  if (!opened.ok()) return opened;
  out->reset(new ReadableFile(std::move(file)));
  return {};
}

Status ReadableFile::read_at(uint64_t offset, size_t size, char* dst, size_t* read_bytes) const {
  int64_t n = pread_full(file_->fd(), dst, size, offset);
  if (n < 0) {
    *read_bytes = 0;
    return Status::from_errno(static_cast<int>(-n), "read", path());
  }
  *read_bytes = static_cast<size_t>(n);
  return {};
}

}  // namespace hoist::io

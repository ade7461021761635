#include "io/readable_file.h"

namespace hoist::io {

Status ReadableFile::open(Env* env, const std::string& path, std::unique_ptr<ReadableFile>* out) {
  std::unique_ptr<File> file;
  Status opened = env->open_for_read(path, OpenOptions{}, &file);
  if (!opened.ok()) return opened;
  out->reset(new ReadableFile(env, std::move(file)));
  return {};
}

Status ReadableFile::read_at(uint64_t offset, size_t size, char* dst, size_t* read_bytes) const {
  return env_->read_at(*file_, offset, size, dst, read_bytes);
}

}  // namespace hoist::io

// FileStreamSource: a local file read front to back as a stream, for uploads whose parts are
// not cut from the file at known offsets (compressed ones). The file must be, when opened and
// after the last byte, what the walk saw; otherwise the object fails with FileChanged.
#pragma once

#include <memory>
#include <string>

#include "engine/transfer/stream_source.h"
#include "io/file_stat.h"
#include "io/readable_file.h"

namespace hoist::transfer {

class FileStreamSource final : public StreamSource {
 public:
  // Opens `path` through `env`, which the walk saw as `listed`; fails if it cannot be read or
  // changed. REQUIRES: env outlives the source.
  static Result<std::unique_ptr<FileStreamSource>> open(io::Env* env, const std::string& path,
                                                        const io::FileStat& listed,
                                                        std::string content_type);

  Result<size_t> fill(char* data, size_t size) override;
  http::Headers object_headers(const ObjectOptions& options) const override;
  Status check_unchanged() const override;
  const std::string& local_path() const override { return path_; }

  uint64_t size() const { return listed_.size; }

 private:
  FileStreamSource(std::unique_ptr<io::ReadableFile> file, std::string path,
                   const io::FileStat& listed, std::string content_type);

  std::unique_ptr<io::ReadableFile> file_;
  const std::string path_;
  const io::FileStat listed_;
  const std::string content_type_;
  uint64_t offset_ = 0;
};

}  // namespace hoist::transfer

// FdStreamSource: a stream read from a file descriptor (stdin), which cannot be read twice.
#pragma once

#include <string>

#include "engine/transfer/stream_source.h"

namespace hoist::transfer {

class FdStreamSource final : public StreamSource {
 public:
  // `name` is what errors and reports call the stream ("-" for stdin).
  FdStreamSource(int fd, std::string name, std::string content_type);

  Result<size_t> fill(char* data, size_t size) override;
  // A stream has no mtime of its own: the object gets the time of the upload.
  http::Headers object_headers(const ObjectOptions& options) const override;
  Status check_unchanged() const override { return ok_status(); }
  const std::string& local_path() const override { return name_; }

 private:
  const int fd_;
  const std::string name_;
  const std::string content_type_;
};

}  // namespace hoist::transfer

#include "engine/transfer/fd_stream_source.h"

#include <unistd.h>

#include <cerrno>

#include "engine/transfer/local_error.h"
#include "engine/transfer/upload_headers.h"

namespace hoist::transfer {

FdStreamSource::FdStreamSource(int fd, std::string name, std::string content_type)
    : fd_(fd), name_(std::move(name)), content_type_(std::move(content_type)) {}

Result<size_t> FdStreamSource::fill(char* data, size_t size) {
  size_t got = 0;
  while (got < size) {
    ssize_t n = ::read(fd_, data + got, size - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      return local_error(io::Status::from_errno(errno, "read", name_ == "-" ? "stdin" : name_),
                         name_);
    }
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  return got;
}

http::Headers FdStreamSource::object_headers(const ObjectOptions& options) const {
  return stream_object_headers(content_type_, options);
}

}  // namespace hoist::transfer

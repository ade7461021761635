// io::Status: the outcome of a file operation, with the errno and a message that names the
// path. io/ sits below engine/ and does not include hoist's public headers.
#pragma once

#include <string>

namespace hoist::io {

struct Status {
  int error = 0;        // errno; 0 on success
  std::string message;  // "open /data/x: No such file or directory"

  bool ok() const { return error == 0; }
  static Status from_errno(int err, const std::string& what, const std::string& path);
};

}  // namespace hoist::io

#include "io/status.h"

#include <cstring>

namespace hoist::io {

Status Status::from_errno(int err, const std::string& what, const std::string& path) {
  return Status{err, what + " " + path + ": " + std::strerror(err)};
}

}  // namespace hoist::io

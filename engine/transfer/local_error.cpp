#include "engine/transfer/local_error.h"

#include <cstring>

namespace hoist::transfer {

Error local_error(const io::Status& status, const std::string& path) {
  // The CLI prefixes the path already, so the message is just the system's reason.
  return local_error(status.error == ENOENT ? "NoSuchFile" : "LocalFileError",
                     std::strerror(status.error), path);
}

Error local_error(std::string code, std::string message, const std::string& path) {
  Error e = Error::make(ErrorKind::kLocal, std::move(code), std::move(message));
  e.local_path = path;
  return e;
}

Error unreadable_entry(int error, const std::string& path) {
  if (error != 0) return local_error(io::Status::from_errno(error, "read", path), path);
  return local_error("NotRegularFile", "not a regular file (a FIFO, socket or device)", path);
}

Error invalid_input(std::string code, std::string message) {
  return Error::make(ErrorKind::kInvalid, std::move(code), std::move(message));
}

}  // namespace hoist::transfer

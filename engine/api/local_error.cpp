#include "engine/api/local_error.h"

#include <cstring>

namespace hoist::api {

Error local_error(const io::Status& status, const std::string& path) {
  // The CLI prefixes the path already, so the message is just the system's reason.
  return local_error(status.error == ENOENT ? "NoSuchFile" : "LocalFileError",
                     std::strerror(status.error), path);
}

Error local_error(std::string code, std::string message, const std::string& path) {
  Error e;
  e.kind = ErrorKind::kLocal;
  e.code = std::move(code);
  e.message = std::move(message);
  e.local_path = path;
  return e;
}

Error invalid_input(std::string code, std::string message) {
  Error e;
  e.kind = ErrorKind::kInvalid;
  e.code = std::move(code);
  e.message = std::move(message);
  return e;
}

}  // namespace hoist::api

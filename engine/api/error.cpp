#include "hoist/error.h"

namespace hoist {

std::string Error::describe() const {
  std::string out = code.empty() ? message : code + ": " + message;
  if (!request_id.empty()) out += " (request id " + request_id + ")";
  return out;
}

}  // namespace hoist

#include "engine/s3/listing_prefix.h"

#include <string>

#include "engine/s3/error_response.h"

namespace hoist::s3 {

std::optional<Error> outside_requested_prefix(const Operation& op, std::string_view what,
                                              std::string_view name) {
  std::string_view prefix;
  for (const auto& [parameter, value] : op.query) {
    if (parameter == "prefix") prefix = value;
  }
  if (name.starts_with(prefix)) return std::nullopt;
  return malformed_response(op, std::string(what) + " \"" + std::string(name) +
                                    "\" is outside the requested prefix \"" +
                                    std::string(prefix) + "\"");
}

}  // namespace hoist::s3

#include "engine/config/environment.h"

#include "engine/config/text.h"

namespace hoist::config {

std::optional<std::string> Environment::get(std::string_view name) const {
  std::optional<std::string> value = lookup(name);
  if (value && value->empty()) return std::nullopt;
  return value;
}

bool Environment::is_true(std::string_view name) const {
  std::optional<std::string> value = get(name);
  return value && is_true_value(*value);
}

bool is_true_value(std::string_view value) { return equals_ignore_case(value, "true"); }

}  // namespace hoist::config

#include "engine/config/map_environment.h"

#include <utility>

namespace hoist::config {

MapEnvironment::MapEnvironment(std::map<std::string, std::string, std::less<>> variables)
    : variables_(std::move(variables)) {}

void MapEnvironment::set(std::string name, std::string value) {
  variables_[std::move(name)] = std::move(value);
}

void MapEnvironment::unset(std::string_view name) {
  auto it = variables_.find(name);
  if (it != variables_.end()) variables_.erase(it);
}

void MapEnvironment::set_home_directory(std::optional<std::string> home) { home_ = std::move(home); }

std::optional<std::string> MapEnvironment::home_directory() const { return home_; }

std::optional<std::string> MapEnvironment::lookup(std::string_view name) const {
  auto it = variables_.find(name);
  if (it == variables_.end()) return std::nullopt;
  return it->second;
}

}  // namespace hoist::config

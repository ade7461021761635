// MapEnvironment: an environment made of a map and a chosen home directory, for tests. It
// starts empty, so a test sees exactly the variables it sets and no ~/.aws at all unless it
// sets a home directory.
//
// REQUIRES: set(), unset() and set_home_directory() are not called while another thread reads.
#pragma once

#include <map>
#include <string>

#include "engine/config/environment.h"

namespace hoist::config {

class MapEnvironment final : public Environment {
 public:
  MapEnvironment() = default;
  explicit MapEnvironment(std::map<std::string, std::string, std::less<>> variables);

  void set(std::string name, std::string value);
  void unset(std::string_view name);
  void set_home_directory(std::optional<std::string> home);

  std::optional<std::string> home_directory() const override;

 protected:
  std::optional<std::string> lookup(std::string_view name) const override;

 private:
  std::map<std::string, std::string, std::less<>> variables_;
  std::optional<std::string> home_;
};

}  // namespace hoist::config

// Environment: the process environment and the home directory, behind a small interface so
// tests inject their own and never read the real ~/.aws or AWS_* variables of whoever runs
// them. Production code uses ProcessEnvironment; tests use MapEnvironment.
//
// Implementations must be safe to call from several threads at once.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hoist::config {

class Environment {
 public:
  virtual ~Environment() = default;

  // The value of variable `name`, or nullopt when it is unset or empty: AWS tools treat an
  // empty variable as unset, and so do we.
  std::optional<std::string> get(std::string_view name) const;

  // True when `name` is set to "true" in any letter case (AWS_EC2_METADATA_DISABLED=true).
  bool is_true(std::string_view name) const;

  // The user's home directory, or nullopt when it cannot be determined.
  virtual std::optional<std::string> home_directory() const = 0;

 protected:
  // The raw value of `name`, or nullopt when it is unset.
  virtual std::optional<std::string> lookup(std::string_view name) const = 0;
};

// True for "true" in any letter case: how AWS tools read boolean settings.
bool is_true_value(std::string_view value);

}  // namespace hoist::config

// ProcessEnvironment: the real environment of this process (getenv) and the real home
// directory ($HOME, else the password database). What the CLI and embedding tools pass.
#pragma once

#include "engine/config/environment.h"

namespace hoist::config {

class ProcessEnvironment final : public Environment {
 public:
  std::optional<std::string> home_directory() const override;

 protected:
  // REQUIRES: nothing in the process calls setenv/unsetenv concurrently (getenv is only
  // thread-safe against other readers).
  std::optional<std::string> lookup(std::string_view name) const override;
};

}  // namespace hoist::config

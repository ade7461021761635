#include "tests/io/env_test_params.h"

namespace hoist::io {

std::vector<EnvFactory> all_env_factories() {
  return {
      {"posix", [](std::unique_ptr<Env>* out) { *out = new_posix_env(); return Status{}; }},
      {"io_uring", [](std::unique_ptr<Env>* out) { return new_uring_env(out); }},
  };
}

}  // namespace hoist::io

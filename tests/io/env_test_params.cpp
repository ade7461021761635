#include "tests/io/env_test_params.h"

#include "io/fault_injecting_env.h"

namespace hoist::io {
namespace {

Status make_posix(std::unique_ptr<Env>* out) {
  *out = new_posix_env();
  return {};
}

// `make`'s Env inside a FaultInjectingEnv with nothing armed: it must change nothing.
template <Status (*make)(std::unique_ptr<Env>*)>
Status make_wrapped(std::unique_ptr<Env>* out) {
  std::unique_ptr<Env> base;
  Status made = make(&base);
  if (made.ok()) *out = std::make_unique<FaultInjectingEnv>(std::move(base));
  return made;
}

}  // namespace

std::vector<EnvFactory> all_env_factories() {
  return {
      {"posix", make_posix},
      {"io_uring", new_uring_env},
      {"fault_posix", make_wrapped<make_posix>},
      {"fault_io_uring", make_wrapped<new_uring_env>},
  };
}

}  // namespace hoist::io

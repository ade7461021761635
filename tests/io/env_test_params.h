// The Env implementations every queue test runs against, by name, and a deterministic byte
// pattern to fill files with, so any misplaced byte shows up as a mismatch.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "io/env.h"

namespace hoist::io {

struct EnvFactory {
  std::string name;
  std::function<Status(std::unique_ptr<Env>*)> make;
};

// posix, io_uring, and each wrapped in a FaultInjectingEnv with no faults armed. The names
// are valid GoogleTest parameter names.
std::vector<EnvFactory> all_env_factories();

inline char pattern_byte(uint64_t i) { return static_cast<char>((i * 2654435761u) >> 13); }

inline std::string pattern(uint64_t offset, size_t size) {
  std::string out(size, '\0');
  for (size_t i = 0; i < size; ++i) out[i] = pattern_byte(offset + i);
  return out;
}

}  // namespace hoist::io

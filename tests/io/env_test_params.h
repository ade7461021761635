// The Env implementations every queue test runs against, by name, and a deterministic byte
// pattern to fill files with, so any misplaced byte shows up as a mismatch.
#pragma once

#include <gtest/gtest.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "io/env.h"
#include "tests/io/io_test.h"

namespace hoist::io {

struct EnvFactory {
  std::string name;
  std::function<Status(std::unique_ptr<Env>*)> make;
};

// posix, io_uring, and each wrapped in a FaultInjectingEnv with no faults armed. The names
// are valid GoogleTest parameter names.
std::vector<EnvFactory> all_env_factories();

// A test run once per Env of all_env_factories(): `env` is made in SetUp; an Env this machine
// refuses (io_uring under a seccomp profile or an old kernel) skips the test.
class EnvParamTest : public IoTest, public ::testing::WithParamInterface<EnvFactory> {
 protected:
  void SetUp() override {
    Status made = GetParam().make(&env);
    if (made.error == ENOSYS || made.error == EPERM) GTEST_SKIP() << made.message;
    ASSERT_TRUE(is_ok(made));
  }

  std::unique_ptr<Env> env;
};

inline char pattern_byte(uint64_t i) { return static_cast<char>((i * 2654435761u) >> 13); }

inline std::string pattern(uint64_t offset, size_t size) {
  std::string out(size, '\0');
  for (size_t i = 0; i < size; ++i) out[i] = pattern_byte(offset + i);
  return out;
}

}  // namespace hoist::io

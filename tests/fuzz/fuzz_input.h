// What every fuzz target shares: the input as text, and a check that turns a broken invariant
// into a crash libFuzzer records (an abort with the condition printed), so that targets can
// test properties, not only survival.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace hoist::fuzz {

inline std::string_view text_of(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

[[noreturn]] inline void check_failed(const char* condition, const char* file, int line) {
  std::fprintf(stderr, "%s:%d: fuzz invariant broken: %s\n", file, line, condition);
  std::abort();
}

}  // namespace hoist::fuzz

#define FUZZ_CHECK(condition) \
  ((condition) ? (void)0 : ::hoist::fuzz::check_failed(#condition, __FILE__, __LINE__))

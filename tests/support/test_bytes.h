// Test data: pseudo-random bytes from a xorshift32 generator, cheap to make in any size and
// different for each starting state, so swapped or misplaced files and parts are noticed.
#pragma once

#include <cstdint>
#include <string>

namespace hoist::test {

// `size` bytes of xorshift32 output from `state` (nonzero).
std::string xorshift_bytes(size_t size, uint32_t state);

// Bytes that differ from seed to seed.
inline std::string seeded_bytes(size_t size, uint32_t seed) {
  return xorshift_bytes(size, seed * 2654435761u + 1);
}

}  // namespace hoist::test

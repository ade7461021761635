#include "tools/serve/store_random_id.h"

#include <cstdint>
#include <random>

namespace hoist::serve {

std::string random_hex_id(size_t bytes) {
  // One generator per thread, seeded from the OS, so ids never need a lock.
  thread_local std::mt19937_64 generator{[] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes * 2);
  uint64_t word = 0;
  for (size_t i = 0; i < bytes; ++i) {
    if (i % 8 == 0) word = generator();
    auto byte = static_cast<uint8_t>(word >> (8 * (i % 8)));
    out += kHex[byte >> 4];
    out += kHex[byte & 0xF];
  }
  return out;
}

}  // namespace hoist::serve

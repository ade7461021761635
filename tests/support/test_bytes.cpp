#include "tests/support/test_bytes.h"

namespace hoist::test {

std::string xorshift_bytes(size_t size, uint32_t state) {
  std::string out(size, '\0');
  uint32_t x = state;
  for (char& c : out) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    c = static_cast<char>(x);
  }
  return out;
}

}  // namespace hoist::test

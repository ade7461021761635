// Slice-by-16: sixteen 256-entry tables let the loop retire 16 bytes with 16 independent
// lookups instead of a dependent chain of 16, which is what makes a table CRC fast without
// carry-less multiply. The tables (32 KiB) are built at compile time.
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "engine/checksum/crc64nvme_kernels.h"

namespace hoist::checksum::crc64nvme_detail {
namespace {

constexpr int kSlices = 16;
using Tables = std::array<std::array<std::uint64_t, 256>, kSlices>;

// tables[0][b]: the register after feeding byte b into a zero register.
// tables[k][b]: the same byte followed by k zero bytes, so a byte k positions before the end
// of a 16-byte block can be looked up directly.
constexpr Tables make_tables() {
  Tables t{};
  for (std::uint64_t b = 0; b < 256; ++b) {
    std::uint64_t reg = b;
    for (int bit = 0; bit < 8; ++bit) {
      reg = (reg & 1) ? (reg >> 1) ^ kReflectedPoly : reg >> 1;
    }
    t[0][b] = reg;
  }
  for (int k = 1; k < kSlices; ++k) {
    for (int b = 0; b < 256; ++b) {
      const std::uint64_t prev = t[k - 1][b];
      t[k][b] = (prev >> 8) ^ t[0][prev & 0xff];
    }
  }
  return t;
}

constexpr Tables kTables = make_tables();

// Little-endian load from any address.
inline std::uint64_t load_le64(const std::uint8_t* p) {
  std::uint64_t v = 0;
  if constexpr (std::endian::native == std::endian::little) {
    std::memcpy(&v, p, sizeof v);
  } else {
    for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  }
  return v;
}

inline std::uint64_t lookup8(std::uint64_t v, int first_table) {
  std::uint64_t r = 0;
#pragma GCC unroll 8
  for (int i = 0; i < 8; ++i) {
    r ^= kTables[first_table - i][(v >> (8 * i)) & 0xff];
  }
  return r;
}

}  // namespace

std::uint64_t update_portable(std::uint64_t reg, const std::uint8_t* p, std::size_t n) {
  while (n >= kSlices) {
    const std::uint64_t a = load_le64(p) ^ reg;
    const std::uint64_t b = load_le64(p + 8);
    reg = lookup8(a, 15) ^ lookup8(b, 7);
    p += kSlices;
    n -= kSlices;
  }
  while (n > 0) {
    reg = (reg >> 8) ^ kTables[0][(reg ^ *p) & 0xff];
    ++p;
    --n;
  }
  return reg;
}

}  // namespace hoist::checksum::crc64nvme_detail

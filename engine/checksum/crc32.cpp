#include "engine/checksum/crc32.h"

#include <isa-l/crc.h>

#include <algorithm>
#include <climits>

#include "engine/checksum/crc_math.h"

namespace hoist::checksum {
namespace {

constexpr crc_math::ReflectedCrc kCrc32{32, 0xEDB88320};
constexpr crc_math::ReflectedCrc kCrc32c{32, 0x82F63B78};
constexpr auto kCrc32Pow2k = crc_math::x_pow2k_table(kCrc32);
constexpr auto kCrc32cPow2k = crc_math::x_pow2k_table(kCrc32c);

}  // namespace

std::uint32_t crc32(std::uint32_t crc, std::span<const std::uint8_t> data) {
  // crc32_gzip_refl inverts on entry and exit itself, which is the zlib convention.
  return crc32_gzip_refl(crc, data.data(), data.size());
}

std::uint32_t crc32c(std::uint32_t crc, std::span<const std::uint8_t> data) {
  // crc32_iscsi works on the raw register (no inversion) and takes an int length, so invert
  // here and feed it at most INT_MAX bytes at a time. It never writes through its pointer.
  std::uint32_t reg = ~crc;
  const std::uint8_t* p = data.data();
  std::size_t left = data.size();
  while (left > 0) {
    const std::size_t n = std::min<std::size_t>(left, INT_MAX);
    reg = crc32_iscsi(const_cast<std::uint8_t*>(p), static_cast<int>(n), reg);
    p += n;
    left -= n;
  }
  return ~reg;
}

std::uint32_t crc32_combine(std::uint32_t crc_a, std::uint32_t crc_b, std::uint64_t len_b) {
  return static_cast<std::uint32_t>(crc_math::combine(crc_a, crc_b, len_b, kCrc32, kCrc32Pow2k));
}

std::uint32_t crc32c_combine(std::uint32_t crc_a, std::uint32_t crc_b, std::uint64_t len_b) {
  return static_cast<std::uint32_t>(
      crc_math::combine(crc_a, crc_b, len_b, kCrc32c, kCrc32cPow2k));
}

}  // namespace hoist::checksum

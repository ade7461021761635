// Bit-at-a-time reference CRCs and random test inputs for the checksum tests.
//
// The reference is the textbook shift register, deliberately unlike every kernel under
// test (no tables, no carry-less multiply), so agreement means something.
#ifndef HOIST_TESTS_CHECKSUM_CRC_REFERENCE_H_
#define HOIST_TESTS_CHECKSUM_CRC_REFERENCE_H_

#include <cstdint>
#include <random>
#include <span>
#include <string_view>
#include <vector>

namespace hoist::checksum::testing {

// A reflected CRC with init and xorout all ones over `width` bits.
inline std::uint64_t reference_crc(unsigned width, std::uint64_t reflected_poly,
                                   std::span<const std::uint8_t> data) {
  const std::uint64_t mask = width == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << width) - 1;
  std::uint64_t reg = mask;
  for (std::uint8_t byte : data) {
    for (int bit = 0; bit < 8; ++bit) {
      const bool feedback = ((reg ^ (byte >> bit)) & 1) != 0;
      reg >>= 1;
      if (feedback) reg ^= reflected_poly;
    }
  }
  return reg ^ mask;
}

inline std::uint64_t reference_crc32(std::span<const std::uint8_t> d) {
  return reference_crc(32, 0xEDB88320, d);
}
inline std::uint64_t reference_crc32c(std::span<const std::uint8_t> d) {
  return reference_crc(32, 0x82F63B78, d);
}
inline std::uint64_t reference_crc64nvme(std::span<const std::uint8_t> d) {
  return reference_crc(64, 0x9A6C9329AC4BC9B5, d);
}

inline std::span<const std::uint8_t> bytes_of(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

inline std::vector<std::uint8_t> random_bytes(std::mt19937_64& rng, std::size_t n) {
  std::vector<std::uint8_t> v(n);
  for (auto& b : v) b = static_cast<std::uint8_t>(rng());
  return v;
}

}  // namespace hoist::checksum::testing

#endif  // HOIST_TESTS_CHECKSUM_CRC_REFERENCE_H_

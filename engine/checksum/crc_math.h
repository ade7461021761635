// Arithmetic on CRC polynomials over GF(2), evaluated at compile time.
//
// A CRC is the remainder of the message polynomial modulo the CRC polynomial P, so every
// derived quantity the kernels and the combine step need (x^n mod P, quotients, tables) is a
// short loop over bits. Doing those loops in constexpr code keeps magic numbers out of the
// source: each constant is computed from the polynomial and can be re-derived by reading
// the function that produced it.
//
// Two bit orders appear here:
//   normal     bit i of a word is the coefficient of x^i (used to compute remainders).
//   reflected  bit (width-1-i) is the coefficient of x^i: the order of the CRC register of a
//              "reflected" CRC such as CRC32, CRC32C and CRC64NVME, whose messages are fed
//              least significant bit first.
#ifndef HOIST_ENGINE_CHECKSUM_CRC_MATH_H_
#define HOIST_ENGINE_CHECKSUM_CRC_MATH_H_

#include <array>
#include <cstddef>
#include <cstdint>

namespace hoist::checksum::crc_math {

// Reverses the order of the low `width` bits of v.
constexpr std::uint64_t reflect(std::uint64_t v, unsigned width = 64) {
  std::uint64_t r = 0;
  for (unsigned i = 0; i < width; ++i) {
    r = (r << 1) | ((v >> i) & 1);
  }
  return r;
}

// x^n mod P for a 64-bit CRC whose polynomial is x^64 + normal_poly, in normal order.
constexpr std::uint64_t x_pow_mod(unsigned n, std::uint64_t normal_poly) {
  std::uint64_t r = 1;
  for (unsigned i = 0; i < n; ++i) {
    const bool carry = (r >> 63) != 0;
    r <<= 1;
    if (carry) r ^= normal_poly;
  }
  return r;
}

// floor(x^n / P) for the same P, in normal order. REQUIRES: 64 <= n <= 127, so that the
// quotient (of degree n - 64) fits in 64 bits.
constexpr std::uint64_t x_pow_div(unsigned n, std::uint64_t normal_poly) {
  // Long division one power at a time: x^(k+1) = x * (q_k * P + r_k); when x * r_k reaches
  // degree 64 the excess is one more multiple of P.
  std::uint64_t q = 0;
  std::uint64_t r = std::uint64_t{1} << 63;  // x^63 = 0 * P + x^63
  for (unsigned k = 63; k < n; ++k) {
    const bool carry = (r >> 63) != 0;
    r <<= 1;
    q <<= 1;
    if (carry) {
      r ^= normal_poly;
      q |= 1;
    }
  }
  return q;
}

// A reflected CRC of up to 64 bits, described by its reflected polynomial (without the x^width
// term), e.g. 0xEDB88320 for CRC32.
struct ReflectedCrc {
  unsigned width;
  std::uint64_t poly;
};

// a * b mod P, both operands and the result in reflected order.
constexpr std::uint64_t mul_mod(std::uint64_t a, std::uint64_t b, ReflectedCrc crc) {
  std::uint64_t product = 0;
  for (std::uint64_t bit = std::uint64_t{1} << (crc.width - 1); bit != 0; bit >>= 1) {
    if (a & bit) product ^= b;
    // Shifting right multiplies by x in reflected order; the bit that falls off is x^width.
    b = (b & 1) ? (b >> 1) ^ crc.poly : b >> 1;
  }
  return product;
}

// Number of squarings combine() may need: 3 for the bytes-to-bits factor plus one per bit
// of a 64-bit length.
inline constexpr std::size_t kSquaringsForByteLengths = 3 + 64;

// table[k] = x^(2^k) mod P in reflected order.
constexpr std::array<std::uint64_t, kSquaringsForByteLengths> x_pow2k_table(ReflectedCrc crc) {
  std::array<std::uint64_t, kSquaringsForByteLengths> table{};
  table[0] = std::uint64_t{1} << (crc.width - 2);  // x^1
  for (std::size_t k = 1; k < table.size(); ++k) {
    table[k] = mul_mod(table[k - 1], table[k - 1], crc);
  }
  return table;
}

// x^(8 * bytes) mod P in reflected order, by square-and-multiply over the bits of `bytes`:
// O(log bytes) multiplications.
constexpr std::uint64_t x_pow_bytes(
    std::uint64_t bytes, ReflectedCrc crc,
    const std::array<std::uint64_t, kSquaringsForByteLengths>& pow2k) {
  std::uint64_t r = std::uint64_t{1} << (crc.width - 1);  // x^0
  for (std::size_t k = 3; bytes != 0; bytes >>= 1, ++k) {
    if (bytes & 1) r = mul_mod(r, pow2k[k], crc);
  }
  return r;
}

// CRC(A || B) from CRC(A), CRC(B) and |B|, for CRCs whose initial value equals their final
// xor (all-ones for CRC32, CRC32C and CRC64NVME): with those, the register contributions of
// the initial value cancel and CRC(A || B) = CRC(A) * x^(8|B|) + CRC(B) (mod P).
constexpr std::uint64_t combine(std::uint64_t crc_a, std::uint64_t crc_b, std::uint64_t len_b,
                                ReflectedCrc crc,
                                const std::array<std::uint64_t, kSquaringsForByteLengths>& pow2k) {
  return mul_mod(crc_a, x_pow_bytes(len_b, crc, pow2k), crc) ^ crc_b;
}

}  // namespace hoist::checksum::crc_math

#endif  // HOIST_ENGINE_CHECKSUM_CRC_MATH_H_

// The CRC64NVME kernels behind crc64nvme() and the constants they share. Private to
// engine/checksum.
//
// Each kernel advances the raw CRC register (no initial or final inversion) over n bytes.
//
// How the folding constants follow from the polynomial. Read 16 bytes little-endian into a
// 128-bit lane; in a reflected CRC, lane bit k is the coefficient of x^(127-k), and a 64-bit
// half holds x^63 (bit 0) down to x^0. A carry-less multiply of two such halves returns
// their product times x (bit k of the result is the coefficient of x^(126-k)). Moving a lane
// A = H*x^64 + L forward by F bits means computing A*x^F mod P = H*x^(F+64) + L*x^F, so the
// lane is folded with the constants x^(F+63) mod P (for H) and x^(F-1) mod P (for L): the
// "- 1" absorbs the extra x of the multiply. The final 128 -> 64 bit step (Barrett
// reduction) uses x^127 mod P, floor(x^127 / P) and (P - 1) / x; see reduce_128() in
// crc64nvme_fold.h. Every constant is computed by crc_math at compile time.
#ifndef HOIST_ENGINE_CHECKSUM_CRC64NVME_KERNELS_H_
#define HOIST_ENGINE_CHECKSUM_CRC64NVME_KERNELS_H_

#include <array>
#include <cstddef>
#include <cstdint>

#include "engine/checksum/crc_math.h"

namespace hoist::checksum::crc64nvme_detail {

// x^64 + kPoly is the CRC64NVME polynomial, in normal bit order.
inline constexpr std::uint64_t kPoly = 0xAD93D23594C93659;
inline constexpr std::uint64_t kReflectedPoly = crc_math::reflect(kPoly);
static_assert(kReflectedPoly == 0x9A6C9329AC4BC9B5);

// A reflected 64-bit constant: x^n mod P.
constexpr std::uint64_t x_pow(unsigned n) {
  return crc_math::reflect(crc_math::x_pow_mod(n, kPoly));
}

// The pair of multipliers that moves a 128-bit lane forward by `bits` bits: low half for
// the lane's low 64 bits (higher-degree terms), high half for its high 64 bits.
struct FoldConstants {
  std::uint64_t lo;
  std::uint64_t hi;
};
constexpr FoldConstants fold_by(unsigned bits) { return {x_pow(bits + 63), x_pow(bits - 1)}; }

// For `count` accumulators of `bits` each, laid end to end: entry i moves accumulator i
// onto the last one, a distance of bits * (count - 1 - i).
template <int count>
constexpr std::array<FoldConstants, count - 1> fold_onto_last(unsigned bits) {
  std::array<FoldConstants, count - 1> k{};
  for (int i = 0; i < count - 1; ++i) k[i] = fold_by(bits * static_cast<unsigned>(count - 1 - i));
  return k;
}

// Barrett reduction of 128 bits to the 64-bit register.
inline constexpr std::uint64_t kXPow127 = x_pow(127);
inline constexpr std::uint64_t kMu = crc_math::reflect(crc_math::x_pow_div(127, kPoly));
inline constexpr std::uint64_t kPolyDivX =
    crc_math::reflect((std::uint64_t{1} << 63) | (kPoly >> 1));

std::uint64_t update_portable(std::uint64_t reg, const std::uint8_t* p, std::size_t n);
std::uint64_t update_pclmul(std::uint64_t reg, const std::uint8_t* p, std::size_t n);
std::uint64_t update_vpclmul(std::uint64_t reg, const std::uint8_t* p, std::size_t n);

}  // namespace hoist::checksum::crc64nvme_detail

#endif  // HOIST_ENGINE_CHECKSUM_CRC64NVME_KERNELS_H_

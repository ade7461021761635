// CRC64NVME by 512-bit carry-less multiply folding (VPCLMULQDQ on ZMM registers): each
// multiply folds four 16-byte lanes, and several independent ZMM accumulators hide the
// multiply latency. Inputs too short to fill the accumulators go to the 128-bit kernel.
#include <array>
#include <cstddef>
#include <cstdint>

// GCC 12's AVX-512 intrinsics build their "undefined" pass-through operands from
// self-initialised variables, which -Wmaybe-uninitialized reports wherever they inline.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include "engine/checksum/crc64nvme_fold.h"
#include "engine/checksum/crc64nvme_kernels.h"

#define HOIST_TARGET_VPCLMUL __attribute__((target("avx2,avx512f,vpclmulqdq,pclmul,sse4.1")))

namespace hoist::checksum::crc64nvme_detail {
namespace {

constexpr int kAccumulators = 4;
constexpr std::size_t kZmm = 64;
constexpr std::size_t kZmmBlock = kZmm * kAccumulators;

constexpr FoldConstants kZmmFoldBlock = fold_by(8 * kZmmBlock);
constexpr FoldConstants kFoldZmm = fold_by(8 * kZmm);

constexpr auto kZmmFoldToLast = fold_onto_last<kAccumulators>(8 * kZmm);

// Multipliers, lane by lane, that move lanes 0..2 of a ZMM onto lane 3 (by 384, 256 and
// 128 bits). Lane 3's are zero: it is added back unchanged.
alignas(64) constexpr auto kLaneMultipliers = [] {
  std::array<std::uint64_t, 8> m{};
  const auto to_last = fold_onto_last<4>(128);
  for (std::size_t lane = 0; lane < to_last.size(); ++lane) {
    m[2 * lane] = to_last[lane].lo;
    m[2 * lane + 1] = to_last[lane].hi;
  }
  return m;
}();

HOIST_TARGET_VPCLMUL inline __m512i broadcast(FoldConstants k) {
  return _mm512_broadcast_i32x4(fold_constants(k));
}

HOIST_TARGET_VPCLMUL inline __m512i load512(const std::uint8_t* p) {
  return _mm512_loadu_si512(p);
}

// fold(x, k) ^ y in one three-way xor (truth table 0x96 = a ^ b ^ c).
HOIST_TARGET_VPCLMUL inline __m512i fold512_xor(__m512i x, __m512i k, __m512i y) {
  return _mm512_ternarylogic_epi64(_mm512_clmulepi64_epi128(x, k, 0x00),
                                   _mm512_clmulepi64_epi128(x, k, 0x11), y, 0x96);
}

// Folds the four lanes of x into one 128-bit lane positioned where lane 3 was.
HOIST_TARGET_VPCLMUL inline __m128i fold_lanes(__m512i x) {
  const __m512i k = _mm512_load_si512(kLaneMultipliers.data());
  const __m512i last = _mm512_maskz_mov_epi64(0xC0, x);
  const __m512i folded = fold512_xor(x, k, last);
  const __m256i half = _mm256_xor_si256(_mm512_castsi512_si256(folded),
                                        _mm512_extracti64x4_epi64(folded, 1));
  return _mm_xor_si128(_mm256_castsi256_si128(half), _mm256_extracti128_si256(half, 1));
}

}  // namespace

HOIST_TARGET_VPCLMUL std::uint64_t update_vpclmul(std::uint64_t reg, const std::uint8_t* p,
                                                  std::size_t n) {
  if (n < kZmmBlock) return update_pclmul(reg, p, n);

  __m512i x[kAccumulators];
#pragma GCC unroll 16
  for (int i = 0; i < kAccumulators; ++i) x[i] = load512(p + kZmm * i);
  x[0] = _mm512_xor_si512(x[0], _mm512_castsi128_si512(
                                    _mm_cvtsi64_si128(static_cast<long long>(reg))));
  p += kZmmBlock;
  n -= kZmmBlock;

  const __m512i k_block = broadcast(kZmmFoldBlock);
  while (n >= kZmmBlock) {
#pragma GCC unroll 16
    for (int i = 0; i < kAccumulators; ++i) {
      x[i] = fold512_xor(x[i], k_block, load512(p + kZmm * i));
    }
    p += kZmmBlock;
    n -= kZmmBlock;
  }

  __m512i acc = x[kAccumulators - 1];
#pragma GCC unroll 16
  for (int i = 0; i < kAccumulators - 1; ++i) {
    acc = fold512_xor(x[i], broadcast(kZmmFoldToLast[i]), acc);
  }

  const __m512i k_zmm = broadcast(kFoldZmm);
  while (n >= kZmm) {
    acc = fold512_xor(acc, k_zmm, load512(p));
    p += kZmm;
    n -= kZmm;
  }

  return finish_lane(fold_lanes(acc), p, n);
}

}  // namespace hoist::checksum::crc64nvme_detail

// 128-bit folding steps shared by the PCLMULQDQ and VPCLMULQDQ kernels. Private to
// engine/checksum; include only from files that compile target-specific code.
//
// The functions carry their own target attribute, so they can be inlined into any kernel
// whose target is a superset, while the translation unit itself stays baseline x86-64.
#ifndef HOIST_ENGINE_CHECKSUM_CRC64NVME_FOLD_H_
#define HOIST_ENGINE_CHECKSUM_CRC64NVME_FOLD_H_

#include <immintrin.h>

#include <cstddef>
#include <cstdint>

#include "engine/checksum/crc64nvme_kernels.h"

#define HOIST_TARGET_PCLMUL __attribute__((target("pclmul,sse4.1")))

namespace hoist::checksum::crc64nvme_detail {

HOIST_TARGET_PCLMUL inline __m128i fold_constants(FoldConstants k) {
  return _mm_set_epi64x(static_cast<long long>(k.hi), static_cast<long long>(k.lo));
}

HOIST_TARGET_PCLMUL inline __m128i load128(const std::uint8_t* p) {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
}

// Moves lane x forward by the distance k was built for (see fold_by()).
HOIST_TARGET_PCLMUL inline __m128i fold128(__m128i x, __m128i k) {
  return _mm_xor_si128(_mm_clmulepi64_si128(x, k, 0x00), _mm_clmulepi64_si128(x, k, 0x11));
}

// The register value of the message whose last 16 bytes, with everything before them
// folded in, are x: (x * x^64) mod P, as a reflected 64-bit register.
HOIST_TARGET_PCLMUL inline std::uint64_t reduce_128(__m128i x) {
  const __m128i k = _mm_set_epi64x(static_cast<long long>(kPolyDivX),
                                   static_cast<long long>(kXPow127));
  const __m128i mu = _mm_set_epi64x(0, static_cast<long long>(kMu));
  // x * x^64 = H * x^128 + L * x^64: fold H by 128 bits, and L moves to the high-degree half.
  const __m128i t = _mm_xor_si128(_mm_clmulepi64_si128(x, k, 0x00), _mm_srli_si128(x, 8));
  // Barrett: with T = Th * x^64 + Tl, q = floor(Th * x^64 / P) = floor(Th * mu / x^64)
  // where mu = floor(x^128 / P); using floor(x^127 / P) here instead is exact because the
  // multiply contributes the missing factor x and the dropped low bit cannot reach x^64.
  const __m128i q = _mm_clmulepi64_si128(t, mu, 0x00);  // q in the low 64 bits
  // Th * x^64 mod P = (q * P) mod x^64 = (q * ((P - 1) / x) * x) mod x^64 + q.
  const __m128i qp = _mm_clmulepi64_si128(q, k, 0x10);
  const __m128i r = _mm_xor_si128(_mm_xor_si128(t, qp), _mm_slli_si128(q, 8));
  return static_cast<std::uint64_t>(_mm_extract_epi64(r, 1));
}

// Folds the remaining whole 16-byte blocks into lane, reduces it to the register and feeds
// the last n % 16 bytes through the table kernel.
HOIST_TARGET_PCLMUL inline std::uint64_t finish_lane(__m128i lane, const std::uint8_t* p,
                                                     std::size_t n) {
  constexpr FoldConstants kFold16 = fold_by(128);
  const __m128i k = fold_constants(kFold16);
  while (n >= 16) {
    lane = _mm_xor_si128(fold128(lane, k), load128(p));
    p += 16;
    n -= 16;
  }
  return update_portable(reduce_128(lane), p, n);
}

}  // namespace hoist::checksum::crc64nvme_detail

#endif  // HOIST_ENGINE_CHECKSUM_CRC64NVME_FOLD_H_

// CRC64NVME by 128-bit carry-less multiply folding: eight independent lanes of 16 bytes
// keep the multiplier busy while each lane waits on its own previous fold.
#include <array>
#include <cstddef>
#include <cstdint>

#include "engine/checksum/crc64nvme_fold.h"
#include "engine/checksum/crc64nvme_kernels.h"

namespace hoist::checksum::crc64nvme_detail {
namespace {

constexpr int kLanes = 8;
constexpr std::size_t kPclmulBlock = 16 * kLanes;

constexpr FoldConstants kPclmulFoldBlock = fold_by(8 * kPclmulBlock);

constexpr auto kPclmulFoldToLast = fold_onto_last<kLanes>(128);

}  // namespace

HOIST_TARGET_PCLMUL std::uint64_t update_pclmul(std::uint64_t reg, const std::uint8_t* p,
                                                std::size_t n) {
  if (n < 16) return update_portable(reg, p, n);

  const __m128i initial = _mm_cvtsi64_si128(static_cast<long long>(reg));
  __m128i acc;
  if (n >= kPclmulBlock) {
    __m128i x[kLanes];
#pragma GCC unroll 16
    for (int i = 0; i < kLanes; ++i) x[i] = load128(p + 16 * i);
    x[0] = _mm_xor_si128(x[0], initial);
    p += kPclmulBlock;
    n -= kPclmulBlock;

    const __m128i k_block = fold_constants(kPclmulFoldBlock);
    while (n >= kPclmulBlock) {
#pragma GCC unroll 16
      for (int i = 0; i < kLanes; ++i) {
        x[i] = _mm_xor_si128(fold128(x[i], k_block), load128(p + 16 * i));
      }
      p += kPclmulBlock;
      n -= kPclmulBlock;
    }

    // Fold every lane straight onto the last one, each by its own distance, so the eight
    // multiplies run in parallel instead of as a chain.
    acc = x[kLanes - 1];
#pragma GCC unroll 16
    for (int i = 0; i < kLanes - 1; ++i) {
      acc = _mm_xor_si128(acc, fold128(x[i], fold_constants(kPclmulFoldToLast[i])));
    }
  } else {
    acc = _mm_xor_si128(load128(p), initial);
    p += 16;
    n -= 16;
  }
  return finish_lane(acc, p, n);
}

}  // namespace hoist::checksum::crc64nvme_detail

#include "engine/checksum/cpu_features.h"

#include <cstdint>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

namespace hoist::checksum {
namespace {

#if defined(__x86_64__) || defined(__i386__)

// XCR0 bits: SSE (1), AVX (2) and the three AVX-512 state components (5, 6, 7).
constexpr std::uint64_t kXcr0Sse = 1u << 1;
constexpr std::uint64_t kXcr0Avx = 1u << 2;
constexpr std::uint64_t kXcr0Avx512 = (1u << 5) | (1u << 6) | (1u << 7);

std::uint64_t read_xcr0() {
  std::uint32_t eax = 0;
  std::uint32_t edx = 0;
  // xgetbv by opcode: the mnemonic needs -mxsave, which the baseline build does not have.
  __asm__ volatile(".byte 0x0f, 0x01, 0xd0" : "=a"(eax), "=d"(edx) : "c"(0));
  return (std::uint64_t{edx} << 32) | eax;
}

CpuFeatures detect() {
  CpuFeatures f;
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return f;
  const bool sse41 = (ecx & bit_SSE4_1) != 0;
  const bool pclmul = (ecx & bit_PCLMUL) != 0;
  const bool osxsave = (ecx & bit_OSXSAVE) != 0;
  const std::uint64_t xcr0 = osxsave ? read_xcr0() : 0;
  f.pclmul = sse41 && pclmul && (xcr0 & kXcr0Sse) != 0;

  if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return f;
  const bool avx512f = (ebx & bit_AVX512F) != 0;
  const bool avx512bw = (ebx & bit_AVX512BW) != 0;
  const bool avx512vl = (ebx & bit_AVX512VL) != 0;
  const bool zmm_state = (xcr0 & (kXcr0Sse | kXcr0Avx | kXcr0Avx512)) ==
                         (kXcr0Sse | kXcr0Avx | kXcr0Avx512);
  f.avx512 = avx512f && avx512bw && avx512vl && zmm_state;
  f.vpclmul = f.pclmul && (ecx & bit_VPCLMULQDQ) != 0 && (xcr0 & kXcr0Avx) != 0;
  return f;
}

#else

CpuFeatures detect() { return CpuFeatures{}; }

#endif

}  // namespace

const CpuFeatures& cpu_features() {
  static const CpuFeatures features = detect();
  return features;
}

}  // namespace hoist::checksum

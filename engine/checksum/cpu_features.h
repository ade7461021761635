// The x86 instruction-set extensions the checksum kernels choose between at run time.
//
// The build targets baseline x86-64 so one binary runs on every machine; kernels that need
// more are compiled with __attribute__((target)) and selected by what this reports. A
// feature counts only when the OS also saves the register state it uses (XCR0), so a
// kernel is never chosen on a machine that would fault on its first instruction.
#ifndef HOIST_ENGINE_CHECKSUM_CPU_FEATURES_H_
#define HOIST_ENGINE_CHECKSUM_CPU_FEATURES_H_

namespace hoist::checksum {

struct CpuFeatures {
  bool pclmul = false;     // PCLMULQDQ with SSE4.1: 128-bit carry-less multiply
  bool avx512 = false;     // AVX-512 F, BW and VL with ZMM state enabled by the OS
  bool vpclmul = false;    // VPCLMULQDQ: carry-less multiply on 256/512-bit vectors
};

// Detected once; thread-safe.
const CpuFeatures& cpu_features();

}  // namespace hoist::checksum

#endif  // HOIST_ENGINE_CHECKSUM_CPU_FEATURES_H_

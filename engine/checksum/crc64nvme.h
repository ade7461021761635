// CRC-64/NVME, the checksum S3 uses by default (x-amz-checksum-crc64nvme).
//
// Reflected CRC-64 with polynomial 0xAD93D23594C93659 (0x9A6C9329AC4BC9B5 reflected), init
// and xorout all ones; crc64nvme(0, "123456789") == 0xAE8B14860A799888.
//
// ISA-L 2.30 has no CRC64NVME, so this module carries its own kernels: carry-less multiply
// folding with PCLMULQDQ (16 bytes per multiply) and with AVX-512 VPCLMULQDQ (64 bytes per
// multiply), and a portable slice-by-16 table loop for any other machine. crc64nvme() picks
// the fastest kernel the CPU supports on first use; the kernel overloads let tests and
// benchmarks run each one by name. All functions are thread-safe.
#ifndef HOIST_ENGINE_CHECKSUM_CRC64NVME_H_
#define HOIST_ENGINE_CHECKSUM_CRC64NVME_H_

#include <cstdint>
#include <span>
#include <string_view>

namespace hoist::checksum {

// Same convention as crc32(): pass 0 to start and the previous result to continue.
std::uint64_t crc64nvme(std::uint64_t crc, std::span<const std::uint8_t> data);

// Given crc_a = crc64nvme(0, A) and crc_b = crc64nvme(0, B), returns crc64nvme(0, A || B)
// in O(log len_b) time without reading the data.
std::uint64_t crc64nvme_combine(std::uint64_t crc_a, std::uint64_t crc_b, std::uint64_t len_b);

enum class Crc64Kernel {
  portable,  // slice-by-16 tables; any CPU
  pclmul,    // PCLMULQDQ + SSE4.1
  vpclmul,   // VPCLMULQDQ + AVX-512
};

// Whether this CPU can run `kernel`.
bool crc64nvme_supported(Crc64Kernel kernel);

// The kernel crc64nvme() uses: the fastest supported one.
Crc64Kernel crc64nvme_kernel();

// "portable", "pclmul" or "vpclmul".
std::string_view kernel_name(Crc64Kernel kernel);

// crc64nvme() computed by the given kernel.
// REQUIRES: crc64nvme_supported(kernel).
std::uint64_t crc64nvme(Crc64Kernel kernel, std::uint64_t crc, std::span<const std::uint8_t> data);

}  // namespace hoist::checksum

#endif  // HOIST_ENGINE_CHECKSUM_CRC64NVME_H_

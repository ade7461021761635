#include "engine/checksum/crc64nvme.h"

#include "engine/checksum/cpu_features.h"
#include "engine/checksum/crc64nvme_kernels.h"
#include "engine/checksum/crc_math.h"

namespace hoist::checksum {
namespace {

using Update = std::uint64_t (*)(std::uint64_t, const std::uint8_t*, std::size_t);

constexpr crc_math::ReflectedCrc kCrc64Nvme{64, crc64nvme_detail::kReflectedPoly};
constexpr auto kPow2k = crc_math::x_pow2k_table(kCrc64Nvme);

Update update_for(Crc64Kernel kernel) {
  switch (kernel) {
    case Crc64Kernel::vpclmul:
      return crc64nvme_detail::update_vpclmul;
    case Crc64Kernel::pclmul:
      return crc64nvme_detail::update_pclmul;
    case Crc64Kernel::portable:
      break;
  }
  return crc64nvme_detail::update_portable;
}

Crc64Kernel best_kernel() {
  for (Crc64Kernel k : {Crc64Kernel::vpclmul, Crc64Kernel::pclmul}) {
    if (crc64nvme_supported(k)) return k;
  }
  return Crc64Kernel::portable;
}

}  // namespace

bool crc64nvme_supported(Crc64Kernel kernel) {
  const CpuFeatures& cpu = cpu_features();
  switch (kernel) {
    case Crc64Kernel::vpclmul:
      return cpu.vpclmul && cpu.avx512;
    case Crc64Kernel::pclmul:
      return cpu.pclmul;
    case Crc64Kernel::portable:
      return true;
  }
  return false;
}

Crc64Kernel crc64nvme_kernel() {
  static const Crc64Kernel kernel = best_kernel();
  return kernel;
}

std::string_view kernel_name(Crc64Kernel kernel) {
  switch (kernel) {
    case Crc64Kernel::vpclmul:
      return "vpclmul";
    case Crc64Kernel::pclmul:
      return "pclmul";
    case Crc64Kernel::portable:
      break;
  }
  return "portable";
}

std::uint64_t crc64nvme(Crc64Kernel kernel, std::uint64_t crc,
                        std::span<const std::uint8_t> data) {
  return ~update_for(kernel)(~crc, data.data(), data.size());
}

std::uint64_t crc64nvme(std::uint64_t crc, std::span<const std::uint8_t> data) {
  static const Update update = update_for(crc64nvme_kernel());
  return ~update(~crc, data.data(), data.size());
}

std::uint64_t crc64nvme_combine(std::uint64_t crc_a, std::uint64_t crc_b, std::uint64_t len_b) {
  return crc_math::combine(crc_a, crc_b, len_b, kCrc64Nvme, kPow2k);
}

}  // namespace hoist::checksum

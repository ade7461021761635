#include "engine/checksum/algorithm.h"

#include <array>
#include <cctype>

namespace hoist::checksum {
namespace {

struct Info {
  Algorithm algorithm;
  std::string_view name;
  std::string_view header;
  std::size_t digest_size;
};

constexpr std::array<Info, 7> kInfo = {{
    {Algorithm::crc32, "CRC32", "x-amz-checksum-crc32", 4},
    {Algorithm::crc32c, "CRC32C", "x-amz-checksum-crc32c", 4},
    {Algorithm::crc64nvme, "CRC64NVME", "x-amz-checksum-crc64nvme", 8},
    {Algorithm::sha1, "SHA1", "x-amz-checksum-sha1", 20},
    {Algorithm::sha256, "SHA256", "x-amz-checksum-sha256", 32},
    {Algorithm::md5, "MD5", "content-md5", 16},
    {Algorithm::none, "none", "", 0},
}};

const Info& info(Algorithm algorithm) {
  for (const Info& i : kInfo) {
    if (i.algorithm == algorithm) return i;
  }
  return kInfo.back();
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::optional<Algorithm> parse_algorithm(std::string_view name, std::string* error) {
  for (const Info& i : kInfo) {
    if (equals_ignoring_case(name, i.name)) return i.algorithm;
  }
  if (error != nullptr) {
    *error = "unknown checksum algorithm '" + std::string(name) + "' (expected one of";
    for (const Info& i : kInfo) {
      *error += ' ';
      *error += i.name;
    }
    *error += ')';
  }
  return std::nullopt;
}

std::string_view algorithm_name(Algorithm algorithm) { return info(algorithm).name; }

std::string_view header_name(Algorithm algorithm) { return info(algorithm).header; }

std::size_t digest_size(Algorithm algorithm) { return info(algorithm).digest_size; }

bool is_crc(Algorithm algorithm) {
  return algorithm == Algorithm::crc32 || algorithm == Algorithm::crc32c ||
         algorithm == Algorithm::crc64nvme;
}

}  // namespace hoist::checksum

#include "engine/transfer/expected_checksum.h"

namespace hoist::transfer {

ExpectedChecksum expected_checksum(const http::Headers& headers) {
  std::string_view type;
  if (auto t = http::find_header(headers, "x-amz-checksum-type")) type = *t;
  if (type == "COMPOSITE") return {};
  for (const char* name : {"crc64nvme", "crc32c", "crc32", "sha256", "sha1"}) {
    auto value = http::find_header(headers, std::string("x-amz-checksum-") + name);
    if (!value || value->find('-') != std::string_view::npos) continue;
    auto algorithm = checksum::parse_algorithm(name);
    if (algorithm) return {*algorithm, std::string(*value)};
  }
  return {};
}

}  // namespace hoist::transfer

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

ExpectedChecksum expected_checksum(const s3::ObjectMetadata& meta) {
  http::Headers headers;
  for (const auto& [name, value] : meta.checksums) {
    headers.emplace_back("x-amz-checksum-" + name, value);
  }
  if (!meta.checksum_type.empty()) headers.emplace_back("x-amz-checksum-type", meta.checksum_type);
  return expected_checksum(headers);
}

ExpectedChecksum expected_checksum(const http::Headers& get_headers,
                                   const s3::ObjectMetadata& get_meta,
                                   const std::optional<s3::ObjectMetadata>& head) {
  ExpectedChecksum own = expected_checksum(get_headers);
  if (own.algorithm != checksum::Algorithm::none || !head) return own;
  // Another ETag means the object was replaced between HeadObject and GetObject: the HEAD's
  // checksum describes other bytes.
  if (head->etag.empty() || head->etag != get_meta.etag) return own;
  return expected_checksum(*head);
}

}  // namespace hoist::transfer

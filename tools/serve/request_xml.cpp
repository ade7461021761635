#include "tools/serve/request_xml.h"

#include <cctype>

#include "engine/s3/complete_multipart_upload.h"

namespace hoist::serve {

Result<s3::DeleteObjectsInput> parse_delete_request(const std::string& body) {
  return s3::parse_delete_objects_request(body);
}

Result<std::vector<CompletePart>> parse_complete_request(const std::string& body) {
  auto parsed = s3::parse_complete_multipart_upload_request(body);
  if (!parsed.ok()) return parsed.error();
  std::vector<CompletePart> parts;
  for (auto& p : *parsed) {
    CompletePart part;
    part.part_number = p.part_number;
    part.etag = std::move(p.etag);
    if (!p.checksum_name.empty()) {
      // "ChecksumCRC32C" -> "crc32c", the store's spelling of algorithm names.
      std::string algorithm = p.checksum_name.substr(8);
      for (char& c : algorithm) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      part.checksums.emplace_back(std::move(algorithm), std::move(p.checksum_value));
    }
    parts.push_back(std::move(part));
  }
  return parts;
}

}  // namespace hoist::serve

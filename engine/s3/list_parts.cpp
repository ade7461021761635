#include "engine/s3/list_parts.h"

#include <array>

#include "engine/s3/xml.h"

namespace hoist::s3 {

Operation list_parts(const ListPartsInput& input) {
  Operation op = Operation::on("ListParts", "GET", input.bucket, input.key);
  op.query.emplace_back("uploadId", input.upload_id);
  op.query.emplace_back("max-parts", std::to_string(input.max_parts));
  if (input.part_number_marker > 0) {
    op.query.emplace_back("part-number-marker", std::to_string(input.part_number_marker));
  }
  return op;
}

Result<ListPartsPage> parse_list_parts(const http::Response& response, const Operation& op) {
  static constexpr std::array<std::pair<const char*, const char*>, 5> kChecksumElements = {{
      {"ChecksumCRC32", "crc32"},
      {"ChecksumCRC32C", "crc32c"},
      {"ChecksumCRC64NVME", "crc64nvme"},
      {"ChecksumSHA1", "sha1"},
      {"ChecksumSHA256", "sha256"},
  }};
  pugi::xml_document doc;
  pugi::xml_node root;
  if (auto err = parse_xml_root(response.body, "ListPartsResult", op.name, doc, root)) {
    return *err;
  }
  ListPartsPage page;
  page.is_truncated = child_bool(root, "IsTruncated");
  page.next_part_number_marker = static_cast<int>(child_u64(root, "NextPartNumberMarker"));
  for (auto node : root.children("Part")) {
    PartEntry part;
    part.part_number = static_cast<int>(child_u64(node, "PartNumber"));
    part.size = child_u64(node, "Size");
    part.etag = child_text(node, "ETag");
    part.last_modified = child_text(node, "LastModified");
    for (const auto& [element, name] : kChecksumElements) {
      std::string value = child_text(node, element);
      if (!value.empty()) part.checksums.emplace_back(name, std::move(value));
    }
    page.parts.push_back(std::move(part));
  }
  return page;
}

}  // namespace hoist::s3

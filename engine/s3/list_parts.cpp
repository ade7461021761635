#include "engine/s3/list_parts.h"

#include <array>

#include "engine/s3/error_response.h"
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
  // Part numbers run 1..10,000; anything else (4294967297 would wrap to 1 as an int) is a
  // broken answer, and resume trusts these numbers to skip parts.
  constexpr uint64_t kMaxPartNumber = 10'000;
  const uint64_t marker = child_u64(root, "NextPartNumberMarker");
  if (marker > kMaxPartNumber) {
    return malformed_response(op, "NextPartNumberMarker " + std::to_string(marker) +
                                      " is not a part number");
  }
  page.next_part_number_marker = static_cast<int>(marker);
  for (auto node : root.children("Part")) {
    PartEntry part;
    const uint64_t number = child_u64(node, "PartNumber");
    if (number < 1 || number > kMaxPartNumber) {
      return malformed_response(op, "part number \"" + child_text(node, "PartNumber") +
                                        "\" is not one of 1 to 10000");
    }
    part.part_number = static_cast<int>(number);
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

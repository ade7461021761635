#include "engine/s3/complete_multipart_upload.h"

#include <charconv>

#include "engine/s3/error_response.h"
#include "engine/s3/xml.h"

namespace hoist::s3 {

Operation complete_multipart_upload(const CompleteMultipartUploadInput& input) {
  Operation op = Operation::on("CompleteMultipartUpload", "POST", input.bucket, input.key);
  op.query.emplace_back("uploadId", input.upload_id);
  op.headers = input.headers;
  op.headers.emplace_back("Content-Type", "application/xml");
  op.error_body_on_success = true;

  pugi::xml_document doc;
  auto root = doc.append_child("CompleteMultipartUpload");
  root.append_attribute("xmlns") = "http://s3.amazonaws.com/doc/2006-03-01/";
  for (const auto& part : input.parts) {
    auto node = root.append_child("Part");
    node.append_child("PartNumber").text().set(part.part_number);
    node.append_child("ETag").text().set(part.etag.c_str());
    if (!part.checksum_name.empty()) {
      node.append_child(part.checksum_name.c_str()).text().set(part.checksum_value.c_str());
    }
  }
  op.owned_body = to_string(doc);
  return op;
}

Result<std::vector<CompletedPart>> parse_complete_multipart_upload_request(std::string_view body) {
  pugi::xml_document doc;
  pugi::xml_node root = request_root(doc, body, "CompleteMultipartUpload");
  if (!root) return malformed_xml();
  std::vector<CompletedPart> parts;
  for (pugi::xml_node node : root.children()) {
    if (!has_local_name(node, "Part")) continue;
    pugi::xml_node number = local_child(node, "PartNumber");
    pugi::xml_node etag = local_child(node, "ETag");
    if (!number || !etag) return malformed_xml();
    std::string_view digits = number.child_value();
    CompletedPart part;
    auto [end, ec] =
        std::from_chars(digits.data(), digits.data() + digits.size(), part.part_number);
    if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) {
      return malformed_xml();
    }
    part.etag = etag.child_value();
    for (pugi::xml_node field : node.children()) {
      std::string_view name = field.name();
      if (name.starts_with("Checksum") && name.size() > 8 && name != "ChecksumType") {
        part.checksum_name = std::string(name);
        part.checksum_value = field.child_value();
      }
    }
    parts.push_back(std::move(part));
  }
  if (parts.empty()) return malformed_xml();
  return parts;
}

Result<CompleteMultipartUploadOutput> parse_complete_multipart_upload(
    const http::Response& response, const Operation& op) {
  if (auto hidden = error_in_success(response, op)) return *hidden;
  pugi::xml_document doc;
  pugi::xml_node root;
  if (auto err =
          parse_xml_root(response.body, "CompleteMultipartUploadResult", op.name, doc, root)) {
    return *err;
  }
  return CompleteMultipartUploadOutput{child_text(root, "ETag"), child_text(root, "Location")};
}

}  // namespace hoist::s3

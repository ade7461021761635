#include "engine/s3/list_multipart_uploads.h"

#include "engine/s3/listing_prefix.h"
#include "engine/s3/url_decode.h"
#include "engine/s3/xml.h"

namespace hoist::s3 {

Operation list_multipart_uploads(const ListMultipartUploadsInput& input) {
  Operation op = Operation::on("ListMultipartUploads", "GET", input.bucket);
  op.query.emplace_back("uploads", "");
  op.query.emplace_back("encoding-type", "url");
  op.query.emplace_back("max-uploads", std::to_string(input.max_uploads));
  if (!input.prefix.empty()) op.query.emplace_back("prefix", input.prefix);
  if (!input.key_marker.empty()) op.query.emplace_back("key-marker", input.key_marker);
  if (!input.upload_id_marker.empty()) {
    op.query.emplace_back("upload-id-marker", input.upload_id_marker);
  }
  return op;
}

Result<ListMultipartUploadsPage> parse_list_multipart_uploads(const http::Response& response,
                                                              const Operation& op) {
  pugi::xml_document doc;
  pugi::xml_node root;
  if (auto err = parse_xml_root(response.body, "ListMultipartUploadsResult", op.name, doc, root)) {
    return *err;
  }
  const bool encoded = child_text(root, "EncodingType") == "url";
  auto decode = [encoded](std::string text) { return encoded ? url_decode(text) : text; };
  ListMultipartUploadsPage page;
  page.is_truncated = child_bool(root, "IsTruncated");
  page.next_key_marker = decode(child_text(root, "NextKeyMarker"));
  page.next_upload_id_marker = child_text(root, "NextUploadIdMarker");
  for (auto node : root.children("Upload")) {
    std::string key = decode(child_text(node, "Key"));
    // `rm --uploads s3://b/p` aborts what this lists: nothing outside p/ may be among it.
    if (auto outside = outside_requested_prefix(op, "key", key)) return *outside;
    page.uploads.push_back({std::move(key), child_text(node, "UploadId"),
                            child_text(node, "Initiated"), child_text(node, "StorageClass")});
  }
  return page;
}

}  // namespace hoist::s3

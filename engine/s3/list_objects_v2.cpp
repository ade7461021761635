#include "engine/s3/list_objects_v2.h"

#include "engine/s3/error_response.h"
#include "engine/s3/listing_prefix.h"
#include "engine/s3/object_metadata.h"
#include "engine/s3/url_decode.h"
#include "engine/s3/xml.h"

namespace hoist::s3 {

Operation list_objects_v2(const ListObjectsV2Input& input) {
  Operation op = Operation::on("ListObjectsV2", "GET", input.bucket);
  op.query.emplace_back("list-type", "2");
  op.query.emplace_back("encoding-type", "url");
  op.query.emplace_back("max-keys", std::to_string(input.max_keys));
  if (!input.prefix.empty()) op.query.emplace_back("prefix", input.prefix);
  if (!input.delimiter.empty()) op.query.emplace_back("delimiter", input.delimiter);
  if (!input.continuation_token.empty()) {
    op.query.emplace_back("continuation-token", input.continuation_token);
  }
  if (!input.start_after.empty()) op.query.emplace_back("start-after", input.start_after);
  return op;
}

Result<ListObjectsV2Page> parse_list_objects_v2(const http::Response& response,
                                                const Operation& op) {
  pugi::xml_document doc;
  pugi::xml_node root;
  if (auto err = parse_xml_root(response.body, "ListBucketResult", op.name, doc, root)) {
    return *err;
  }
  const bool encoded = child_text(root, "EncodingType") == "url";
  auto decode = [encoded](std::string text) { return encoded ? url_decode(text) : text; };

  ListObjectsV2Page page;
  page.is_truncated = child_bool(root, "IsTruncated");
  page.next_continuation_token = child_text(root, "NextContinuationToken");
  for (auto item : root.children("Contents")) {
    ObjectEntry e;
    e.key = decode(child_text(item, "Key"));
    if (auto outside = outside_requested_prefix(op, "key", e.key)) return *outside;
    // A missing Size reads as 0 (as before); one that is not a plausible size is refused.
    e.size = item.child("Size") ? child_u64(item, "Size", kMaxObjectSize + 1) : 0;
    if (e.size > kMaxObjectSize) {
      return malformed_response(op, "key \"" + e.key + "\" has size \"" +
                                        child_text(item, "Size") +
                                        "\", not an object size S3 can have");
    }
    e.etag = child_text(item, "ETag");
    e.last_modified = child_text(item, "LastModified");
    e.storage_class = child_text(item, "StorageClass");
    page.objects.push_back(std::move(e));
  }
  for (auto item : root.children("CommonPrefixes")) {
    std::string common = decode(child_text(item, "Prefix"));
    if (auto outside = outside_requested_prefix(op, "common prefix", common)) return *outside;
    page.common_prefixes.push_back(std::move(common));
  }
  return page;
}

}  // namespace hoist::s3

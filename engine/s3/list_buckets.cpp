#include "engine/s3/list_buckets.h"

#include "engine/s3/error_response.h"
#include "engine/s3/xml.h"

namespace hoist::s3 {

Operation list_buckets() { return Operation::on("ListBuckets", "GET"); }

Result<std::vector<BucketEntry>> parse_list_buckets(const http::Response& response,
                                                    const Operation& op) {
  pugi::xml_document doc;
  pugi::xml_node root;
  if (auto err = parse_xml_root(response.body, "ListAllMyBucketsResult", op.name, doc, root)) {
    return *err;
  }
  std::vector<BucketEntry> out;
  for (auto bucket : root.child("Buckets").children("Bucket")) {
    out.push_back({child_text(bucket, "Name"), child_text(bucket, "CreationDate")});
  }
  return out;
}

}  // namespace hoist::s3

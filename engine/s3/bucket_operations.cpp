#include "engine/s3/bucket_operations.h"

#include "engine/s3/xml.h"

namespace hoist::s3 {
Operation create_bucket(std::string bucket, std::string_view region) {
  Operation op = Operation::on("CreateBucket", "PUT", std::move(bucket));
  if (!region.empty() && region != "us-east-1") {
    pugi::xml_document doc;
    auto config = doc.append_child("CreateBucketConfiguration");
    config.append_attribute("xmlns") = "http://s3.amazonaws.com/doc/2006-03-01/";
    config.append_child("LocationConstraint").text().set(std::string(region).c_str());
    op.owned_body = to_string(doc);
    op.headers.emplace_back("Content-Type", "application/xml");
  }
  return op;
}

Operation head_bucket(std::string bucket) {
  return Operation::on("HeadBucket", "HEAD", std::move(bucket));
}

Operation delete_bucket(std::string bucket) {
  return Operation::on("DeleteBucket", "DELETE", std::move(bucket));
}

std::string parse_head_bucket_region(const http::Response& response) {
  auto region = http::find_header(response.headers, "x-amz-bucket-region");
  return region ? std::string(*region) : std::string();
}

}  // namespace hoist::s3

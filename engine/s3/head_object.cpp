#include "engine/s3/head_object.h"

namespace hoist::s3 {

Operation head_object(const HeadObjectInput& input) {
  Operation op = Operation::on("HeadObject", "HEAD", input.bucket, input.key);
  if (input.checksum_mode) op.headers.emplace_back("x-amz-checksum-mode", "ENABLED");
  op.headers.insert(op.headers.end(), input.headers.begin(), input.headers.end());
  return op;
}

ObjectMetadata parse_head_object(const http::Response& response) {
  return parse_object_metadata(response.headers);
}

}  // namespace hoist::s3

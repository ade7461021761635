#include "engine/s3/get_object.h"

namespace hoist::s3 {

Operation get_object(const GetObjectInput& input) {
  Operation op = Operation::on("GetObject", "GET", input.bucket, input.key);
  if (input.range) {
    op.headers.emplace_back("Range", "bytes=" + std::to_string(input.range->first) + "-" +
                                         std::to_string(input.range->last));
  }
  if (input.checksum_mode) op.headers.emplace_back("x-amz-checksum-mode", "ENABLED");
  if (!input.if_match.empty()) op.headers.emplace_back("If-Match", input.if_match);
  op.headers.insert(op.headers.end(), input.headers.begin(), input.headers.end());
  op.body_sink = input.sink;
  op.on_headers = input.on_headers;
  return op;
}

ObjectMetadata parse_get_object(const http::Response& response) {
  return parse_object_metadata(response.headers);
}

}  // namespace hoist::s3

#include "engine/s3/put_object.h"

namespace hoist::s3 {

Operation put_object(const PutObjectInput& input) {
  Operation op = Operation::on("PutObject", "PUT", input.bucket, input.key);
  op.headers = input.headers;
  attach_body(op, input.body);
  return op;
}

PutObjectOutput parse_put_object(const http::Response& response) {
  PutObjectOutput out;
  if (auto v = http::find_header(response.headers, "etag")) out.etag = *v;
  if (auto v = http::find_header(response.headers, "x-amz-version-id")) out.version_id = *v;
  return out;
}

}  // namespace hoist::s3

#include "engine/s3/upload_part.h"

#include "engine/s3/object_metadata.h"

namespace hoist::s3 {

Operation upload_part(const UploadPartInput& input) {
  Operation op = Operation::on("UploadPart", "PUT", input.bucket, input.key);
  op.query.emplace_back("partNumber", std::to_string(input.part_number));
  op.query.emplace_back("uploadId", input.upload_id);
  op.headers = input.headers;
  op.etag_required = true;
  attach_body(op, input.body);
  return op;
}

UploadPartOutput parse_upload_part(const http::Response& response) {
  ObjectMetadata m = parse_object_metadata(response.headers);
  return {std::move(m.etag), std::move(m.checksums)};
}

}  // namespace hoist::s3

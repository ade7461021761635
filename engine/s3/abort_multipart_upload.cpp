#include "engine/s3/abort_multipart_upload.h"

namespace hoist::s3 {

Operation abort_multipart_upload(std::string bucket, std::string key, std::string upload_id) {
  Operation op = Operation::on("AbortMultipartUpload", "DELETE", std::move(bucket), std::move(key));
  op.query.emplace_back("uploadId", std::move(upload_id));
  return op;
}

}  // namespace hoist::s3

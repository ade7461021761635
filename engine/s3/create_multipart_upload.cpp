#include "engine/s3/create_multipart_upload.h"

#include "engine/s3/error_response.h"
#include "engine/s3/xml.h"

namespace hoist::s3 {

Operation create_multipart_upload(const CreateMultipartUploadInput& input) {
  Operation op = Operation::on("CreateMultipartUpload", "POST", input.bucket, input.key);
  op.query.emplace_back("uploads", "");
  op.headers = input.headers;
  return op;
}

Result<std::string> parse_create_multipart_upload(const http::Response& response,
                                                  const Operation& op) {
  pugi::xml_document doc;
  pugi::xml_node root;
  if (auto err =
          parse_xml_root(response.body, "InitiateMultipartUploadResult", op.name, doc, root)) {
    return *err;
  }
  std::string upload_id = child_text(root, "UploadId");
  if (upload_id.empty()) return malformed_response(op, "no UploadId in the response");
  return upload_id;
}

}  // namespace hoist::s3

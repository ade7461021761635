// CreateMultipartUpload: starts a multipart upload and returns its upload id.
#pragma once

#include <string>

#include "engine/http/message.h"
#include "engine/s3/operation.h"
#include "hoist/result.h"

namespace hoist::s3 {

struct CreateMultipartUploadInput {
  std::string bucket;
  std::string key;
  http::Headers headers;  // Content-Type, x-amz-checksum-algorithm, x-amz-checksum-type, metadata
};

Operation create_multipart_upload(const CreateMultipartUploadInput& input);

// The upload id.
Result<std::string> parse_create_multipart_upload(const http::Response& response,
                                                  const Operation& op);

}  // namespace hoist::s3

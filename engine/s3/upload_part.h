// UploadPart: sends one part of a multipart upload from a caller-owned buffer.
#pragma once

#include <string>

#include "engine/http/message.h"
#include "engine/s3/object_body.h"
#include "engine/s3/operation.h"

namespace hoist::s3 {

struct UploadPartInput {
  std::string bucket;
  std::string key;
  std::string upload_id;
  int part_number = 1;  // 1..10000
  ObjectBody body;
  http::Headers headers;  // x-amz-checksum-<alg> of this part
};

struct UploadPartOutput {
  std::string etag;
  http::Headers checksums;  // x-amz-checksum-<alg> echoed by S3, name without the prefix
};

Operation upload_part(const UploadPartInput& input);
UploadPartOutput parse_upload_part(const http::Response& response);

}  // namespace hoist::s3

// PutObject: uploads one object in a single request.
#pragma once

#include <string>

#include "engine/http/message.h"
#include "engine/s3/object_body.h"
#include "engine/s3/operation.h"

namespace hoist::s3 {

struct PutObjectInput {
  std::string bucket;
  std::string key;
  ObjectBody body;
  http::Headers headers;  // Content-Type, x-amz-checksum-*, x-amz-meta-*, storage class...
};

struct PutObjectOutput {
  std::string etag;
  std::string version_id;
};

Operation put_object(const PutObjectInput& input);
PutObjectOutput parse_put_object(const http::Response& response);

}  // namespace hoist::s3

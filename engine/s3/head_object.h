// HeadObject: an object's size, ETag, checksums and metadata without its body.
#pragma once

#include <string>

#include "engine/http/message.h"
#include "engine/s3/object_metadata.h"
#include "engine/s3/operation.h"

namespace hoist::s3 {

struct HeadObjectInput {
  std::string bucket;
  std::string key;
  bool checksum_mode = true;
  http::Headers headers = {};  // more request headers: SSE-C's key of the object
};

Operation head_object(const HeadObjectInput& input);
ObjectMetadata parse_head_object(const http::Response& response);

}  // namespace hoist::s3

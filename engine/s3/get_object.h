// GetObject: downloads an object or a byte range of it, streaming the body to a sink.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "engine/http/message.h"
#include "engine/s3/object_metadata.h"
#include "engine/s3/operation.h"

namespace hoist::s3 {

struct ByteRange {
  uint64_t first = 0;
  uint64_t last = 0;  // inclusive, as in the Range header
};

struct GetObjectInput {
  std::string bucket;
  std::string key;
  std::optional<ByteRange> range;
  bool checksum_mode = true;         // ask S3 to return the object's stored checksum
  std::string if_match;              // ETag the object must still have (consistent ranged reads)
  http::BodySink sink;               // null: body collected in the response
  http::HeadersCallback on_headers;  // sees the headers (checksum, length) before the body
  http::Headers headers = {};        // more request headers: SSE-C's key of the object
};

Operation get_object(const GetObjectInput& input);
ObjectMetadata parse_get_object(const http::Response& response);

}  // namespace hoist::s3

// What HeadObject and GetObject report about an object, read from response headers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "engine/http/message.h"

namespace hoist::s3 {

struct ObjectMetadata {
  uint64_t content_length = 0;
  std::string etag;
  std::string content_type;
  std::string last_modified;  // RFC 1123 as sent
  std::string storage_class;
  std::string version_id;
  std::optional<uint64_t> range_total;  // total size from Content-Range on a ranged GET
  http::Headers checksums;              // x-amz-checksum-<alg> present on the object
  std::string checksum_type;            // FULL_OBJECT or COMPOSITE, when sent
  http::Headers user_metadata;          // x-amz-meta-* with the prefix removed
  std::string content_encoding;         // as stored (gzip for an object kept compressed)
};

ObjectMetadata parse_object_metadata(const http::Headers& headers);

}  // namespace hoist::s3

// What HeadObject and GetObject report about an object, read from response headers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/http/message.h"
#include "hoist/error.h"

namespace hoist::s3 {

// The largest object S3 can hold: 10,000 parts of at most 5 GiB. A size beyond it is a
// broken or hostile answer, and trusting it would plan absurd downloads (or, after an
// overflow, an empty file).
inline constexpr uint64_t kMaxObjectSize = 10'000 * (uint64_t{5} << 30);

struct ObjectMetadata {
  uint64_t content_length = 0;
  // The Content-Length header as sent when it is not a decimal number up to kMaxObjectSize
  // (content_length is then 0); empty when it is one, or absent.
  std::string implausible_content_length;
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

// An ETag without the quotes S3 sends it in ("\"abc\"" -> "abc"); others as they are.
// Listings, HeadObject, ListParts and the journal disagree on quoting, comparisons must not.
std::string_view unquoted_etag(std::string_view etag);

// The error for an answer to `operation` whose Content-Length is not a size S3 can have
// (planning ranges from it would allocate without bound or, after an overflow, write an
// empty file and call it done); nullopt when it is one.
std::optional<Error> implausible_size(const ObjectMetadata& meta, std::string_view operation);

}  // namespace hoist::s3

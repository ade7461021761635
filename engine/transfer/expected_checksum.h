// The checksum a download is verified against: the object's stored whole-object value, from
// the headers HeadObject or GetObject return with x-amz-checksum-mode: ENABLED.
#pragma once

#include <optional>
#include <string>

#include "engine/checksum/algorithm.h"
#include "engine/http/message.h"
#include "engine/s3/object_metadata.h"

namespace hoist::transfer {

struct ExpectedChecksum {
  checksum::Algorithm algorithm = checksum::Algorithm::none;  // none: nothing to verify
  std::string value;                                          // base64
};

// The strongest full-object checksum in `headers`. A COMPOSITE value ("<base64>-<parts>")
// covers parts whose boundaries a download does not know, so it is not used.
ExpectedChecksum expected_checksum(const http::Headers& headers);

// The same, from what HeadObject reported.
ExpectedChecksum expected_checksum(const s3::ObjectMetadata& meta);

// What a single GET's bytes are verified against: the GET's own checksum headers, else the
// checksum HeadObject reported for the same object (same ETag). Without the second, a GET
// answered without checksum headers would go unverified although the object has one.
ExpectedChecksum expected_checksum(const http::Headers& get_headers,
                                   const s3::ObjectMetadata& get_meta,
                                   const std::optional<s3::ObjectMetadata>& head);

}  // namespace hoist::transfer

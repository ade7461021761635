// S3's rules for multipart uploads, shared by every store so they all accept and refuse the same
// requests: which checksum a new upload may ask for, which part numbers exist, what a
// CompleteMultipartUpload request must name, and the ETag and checksums of the finished object.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "engine/checksum/algorithm.h"
#include "engine/checksum/object_checksum.h"
#include "hoist/result.h"
#include "tools/serve/object_store.h"

namespace hoist::serve {

// The checksum an upload was created with. algorithm == none: the upload has none.
struct UploadChecksum {
  checksum::Algorithm algorithm = checksum::Algorithm::none;
  checksum::ChecksumType type = checksum::ChecksumType::composite;

  // "crc32c": the name NamedValues use. REQUIRES: algorithm != none.
  std::string value_name() const;
  // "FULL_OBJECT" or "COMPOSITE"; empty without an algorithm.
  std::string type_name() const;
};

// Parses CreateMultipartUpload's x-amz-checksum-algorithm and x-amz-checksum-type (either may be
// empty). Without a type, CRC64NVME is FULL_OBJECT and the others COMPOSITE, as in S3.
// InvalidRequest (400) for an unknown algorithm or a type the algorithm does not support.
Result<UploadChecksum> parse_upload_checksum(const std::string& algorithm,
                                             const std::string& type);

// CreateMultipartUpload's checks before any state is touched: the key (check_key) and the
// checksum (parse_upload_checksum).
Result<UploadChecksum> check_new_upload(const std::string& key, const std::string& algorithm,
                                        const std::string& type);

// 1..kMaxParts, otherwise InvalidArgument (400).
Status check_part_number(int part_number);

// The stored part with this number, or nullptr.
using PartLookup = std::function<const PartInfo*(int part_number)>;

// The stored parts the request names, in its order, after S3's checks: at least one and at most
// kMaxParts parts, ascending numbers (InvalidPartOrder), each stored with the ETag the request
// gives, quoted or not (InvalidPart), each but the last at least kMinPartSize
// (EntityTooSmall), all together at most kMaxObjectSize.
Result<std::vector<PartInfo>> select_parts(const std::vector<CompletePart>& requested,
                                           const PartLookup& lookup);

// Size, ETag ("<hex>-N") and checksums of the object the parts make. With an algorithm, every
// part must carry its digest under value_name(); the object's checksum is the combined
// FULL_OBJECT value or the COMPOSITE "base64-N". `client_values` sent with Complete must match
// it (BadDigest, 400) and name no other algorithm (InvalidRequest).
// REQUIRES: parts came from select_parts().
Result<ObjectInfo> completed_object(const std::vector<PartInfo>& parts,
                                    const UploadChecksum& upload_checksum,
                                    const NamedValues& client_values);

// `etag` without the surrounding quotes, if it has them.
std::string unquoted(const std::string& etag);

}  // namespace hoist::serve

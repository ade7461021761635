// The checksums S3 reports for a whole object, computed from the digests of its parts
// without reading the object again. This is what `hoist hash` prints and what the
// transfer engine compares with CompleteMultipartUpload and HeadObject responses.
//
// S3's rules (Amazon S3 User Guide, "Checking object integrity"):
//   - An object uploaded with one PutObject request reports the plain base64 digest of its
//     bytes, whatever the algorithm, and its ETag is the hex MD5 of its bytes.
//   - A multipart upload reports, per algorithm, one of two checksum types:
//       FULL_OBJECT  the digest of the whole object's bytes, as if uploaded in one request;
//                    for CRC32, CRC32C and CRC64NVME, derived from the part CRCs by combine.
//       COMPOSITE    base64(H(d1 || d2 || ... || dN)) + "-N", where di are the binary part
//                    digests and H is the same algorithm; for CRC32, CRC32C, SHA1 and
//                    SHA256. CRC64NVME supports only FULL_OBJECT.
//   - A multipart upload's ETag is hex(MD5(m1 || ... || mN)) + "-N" over the binary part
//     MD5s, even for N = 1.
// Parts are given in part-number order, which is the order S3 concatenates them in.
#ifndef HOIST_ENGINE_CHECKSUM_OBJECT_CHECKSUM_H_
#define HOIST_ENGINE_CHECKSUM_OBJECT_CHECKSUM_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "engine/checksum/algorithm.h"
#include "engine/checksum/digest.h"

namespace hoist::checksum {

enum class ChecksumType { full_object, composite };

enum class UploadKind {
  single_request,  // PutObject: the object is its only "part"
  multipart,       // CreateMultipartUpload ... CompleteMultipartUpload
};

struct PartDigest {
  Digest digest;
  std::uint64_t size = 0;  // bytes in the part
};

// Whether S3 accepts `type` for multipart uploads with `algorithm`.
bool supports_checksum_type(Algorithm algorithm, ChecksumType type);

// The FULL_OBJECT digest of the concatenated parts (base64 it for the header value).
// nullopt if algorithm is not a CRC, parts is empty, or a digest has the wrong size.
std::optional<Digest> full_object_checksum(Algorithm algorithm, std::span<const PartDigest> parts);

// The checksum value S3 reports for a COMPOSITE checksum: "base64-N" for a multipart
// upload, plain base64 of the only digest for a single request. nullopt if the algorithm
// does not support COMPOSITE, parts is empty (or has more than one digest for a single
// request), or a digest has the wrong size.
std::optional<std::string> composite_checksum(Algorithm algorithm, std::span<const Digest> parts,
                                              UploadKind kind);

// The ETag S3 reports: "hex(MD5(m1 || ... || mN))-N" for a multipart upload, the hex MD5
// for a single request. nullopt if part_md5s is empty (or has more than one digest for a
// single request) or a digest is not 16 bytes.
std::optional<std::string> object_etag(std::span<const Digest> part_md5s, UploadKind kind);

}  // namespace hoist::checksum

#endif  // HOIST_ENGINE_CHECKSUM_OBJECT_CHECKSUM_H_

// The checksum algorithms hoist can put on an object, and what S3 calls each of them.
//
// The engine selects an algorithm by the name a user or a response gives
// (--checksum-algorithm, x-amz-checksum-algorithm), so names round-trip through
// parse_algorithm() and algorithm_name().
#ifndef HOIST_ENGINE_CHECKSUM_ALGORITHM_H_
#define HOIST_ENGINE_CHECKSUM_ALGORITHM_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace hoist::checksum {

enum class Algorithm {
  none,  // no checksum
  crc32,
  crc32c,
  crc64nvme,
  sha1,
  sha256,
  md5,
};

// Parses CRC32, CRC32C, CRC64NVME, SHA1, SHA256, MD5 or none, ignoring case. On failure
// returns nullopt and, if error is given, sets it to a message naming the accepted values.
std::optional<Algorithm> parse_algorithm(std::string_view name, std::string* error = nullptr);

// S3's spelling: "CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256", "MD5", or "none".
std::string_view algorithm_name(Algorithm algorithm);

// The request/response header carrying the base64 digest: "x-amz-checksum-crc32c" etc.
// MD5 travels in "content-md5"; none has no header and returns "".
std::string_view header_name(Algorithm algorithm);

// Digest length in bytes: 4 for CRC32/CRC32C, 8 for CRC64NVME, 20, 32 and 16 for SHA1,
// SHA256 and MD5, 0 for none.
std::size_t digest_size(Algorithm algorithm);

// CRC32, CRC32C and CRC64NVME: the algorithms whose digests combine() (hasher.h) can join
// and that S3 accepts as FULL_OBJECT checksums of multipart uploads.
bool is_crc(Algorithm algorithm);

}  // namespace hoist::checksum

#endif  // HOIST_ENGINE_CHECKSUM_ALGORITHM_H_

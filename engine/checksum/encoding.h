// Text encodings of binary digests: base64 (RFC 4648, padded), which x-amz-checksum-* and
// Content-MD5 headers use, and lowercase hex, which ETags use.
//
// The decoders accept what the encoders produce (and uppercase hex) and reject anything
// else, so a malformed header value read back from S3 or a journal is caught, not guessed.
#ifndef HOIST_ENGINE_CHECKSUM_ENCODING_H_
#define HOIST_ENGINE_CHECKSUM_ENCODING_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hoist::checksum {

std::string base64_encode(std::span<const std::uint8_t> bytes);

// nullopt unless text is canonical padded base64 (length a multiple of 4, unused bits zero).
std::optional<std::vector<std::uint8_t>> base64_decode(std::string_view text);

std::string hex_encode(std::span<const std::uint8_t> bytes);

// nullopt unless text is an even number of hex digits, either case.
std::optional<std::vector<std::uint8_t>> hex_decode(std::string_view text);

}  // namespace hoist::checksum

#endif  // HOIST_ENGINE_CHECKSUM_ENCODING_H_

// SHA-256 and HMAC-SHA256, the two primitives SigV4 is built from, on OpenSSL 3's EVP API,
// plus the lowercase hex SigV4 writes digests in.
//
// Any thread may call these. Each thread keeps its own OpenSSL contexts and reuses them, so
// after a thread's first call hashing allocates nothing: signing hashes on every request.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace hoist::sigv4 {

using Digest = std::array<unsigned char, 32>;

// The payload hash of an empty body.
inline constexpr std::string_view EMPTY_PAYLOAD_SHA256 =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

// The payload hash that tells S3 the body is not covered by the signature.
inline constexpr std::string_view UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

Digest sha256(std::string_view data);

// Lowercase hex of sha256(data): the form of a payload hash.
std::string hex_sha256(std::string_view data);

Digest hmac_sha256(std::span<const unsigned char> key, std::string_view data);

// Appends the lowercase hex of `bytes` to *out.
void append_hex(std::string* out, std::span<const unsigned char> bytes);

std::string to_hex(std::span<const unsigned char> bytes);

}  // namespace hoist::sigv4

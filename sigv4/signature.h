// The last two steps of SigV4: the string to sign, which binds the hash of the canonical
// request to the signing time and credential scope, and the signature, its HMAC under the
// signing key. Exposed so that tests can check each step against published vectors; callers
// use sign() or presign_url().
#pragma once

#include <string>
#include <string_view>

#include "sigv4/signing_key.h"

namespace hoist::sigv4 {

inline constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";

// "AWS4-HMAC-SHA256\n<timestamp>\n<credential scope>\n<hex SHA-256 of canonical request>".
std::string string_to_sign(std::string_view timestamp, std::string_view credential_scope,
                           std::string_view canonical_request);

// Lowercase hex HMAC-SHA256 of the string to sign under the signing key.
std::string signature(const SigningKey& key, std::string_view string_to_sign);

// The same two, appended to *out.
void append_string_to_sign(std::string* out, std::string_view timestamp,
                           std::string_view credential_scope, std::string_view canonical_request);
void append_signature(std::string* out, const SigningKey& key, std::string_view string_to_sign);

}  // namespace hoist::sigv4

#include "sigv4/signature.h"

#include "sigv4/sha256.h"

namespace hoist::sigv4 {

void append_string_to_sign(std::string* out, std::string_view timestamp,
                           std::string_view credential_scope,
                           std::string_view canonical_request) {
  out->append(kAlgorithm);
  out->push_back('\n');
  out->append(timestamp);
  out->push_back('\n');
  out->append(credential_scope);
  out->push_back('\n');
  append_hex(out, sha256(canonical_request));
}

std::string string_to_sign(std::string_view timestamp, std::string_view credential_scope,
                           std::string_view canonical_request) {
  std::string out;
  append_string_to_sign(&out, timestamp, credential_scope, canonical_request);
  return out;
}

void append_signature(std::string* out, const SigningKey& key, std::string_view string_to_sign) {
  append_hex(out, hmac_sha256(key, string_to_sign));
}

std::string signature(const SigningKey& key, std::string_view string_to_sign) {
  std::string out;
  append_signature(&out, key, string_to_sign);
  return out;
}

}  // namespace hoist::sigv4

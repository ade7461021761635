#include "sigv4/signature.h"

#include "sigv4/sha256.h"

namespace hoist::sigv4 {

std::string string_to_sign(std::string_view timestamp, std::string_view credential_scope,
                           std::string_view canonical_request) {
  std::string out;
  out.reserve(kAlgorithm.size() + timestamp.size() + credential_scope.size() + 67);
  out.append(kAlgorithm);
  out.push_back('\n');
  out.append(timestamp);
  out.push_back('\n');
  out.append(credential_scope);
  out.push_back('\n');
  append_hex(&out, sha256(canonical_request));
  return out;
}

std::string signature(const SigningKey& key, std::string_view string_to_sign) {
  return to_hex(hmac_sha256(key, string_to_sign));
}

}  // namespace hoist::sigv4

// Authenticator: checks that a request was signed with SigV4 by the one account `hoist serve`
// knows, in either form S3 accepts: the Authorization header, or a presigned URL's X-Amz-*
// query parameters. The canonical request is rebuilt from what arrived on the wire (the raw
// path as sent, the decoded query re-encoded, the values of the headers the client says it
// signed) with the sigv4/ functions the client side uses, and the signatures are compared in
// constant time.
//
// Called by the front end once per request, after the headers arrived and before any body
// byte is read. Thread-safe.
#pragma once

#include <chrono>
#include <string>

#include "hoist/result.h"
#include "sigv4/credentials.h"
#include "sigv4/request.h"
#include "sigv4/signing_key_cache.h"

namespace hoist::serve {

// What the signature covers, as received. Header names lowercase.
struct SignedRequest {
  std::string method;
  std::string raw_path;
  sigv4::NameValues query;
  sigv4::NameValues headers;
};

// The payload hash a verified request declared: a hex SHA-256 the body must match, or one of
// the UNSIGNED / STREAMING-UNSIGNED-PAYLOAD-TRAILER markers.
struct Verified {
  std::string payload_hash;
};

class Authenticator {
 public:
  // S3 refuses requests signed further than this from its own clock.
  static constexpr std::chrono::minutes kMaxSkew{15};

  Authenticator(sigv4::Credentials credentials, std::string region);

  // Verified, or the 400/403 error S3 gives: AccessDenied (no or expired signature),
  // InvalidAccessKeyId, SignatureDoesNotMatch, RequestTimeTooSkewed,
  // AuthorizationHeaderMalformed, AuthorizationQueryParametersError.
  Result<Verified> verify(const SignedRequest& request,
                          std::chrono::system_clock::time_point now);

 private:
  Result<Verified> verify_header(const SignedRequest& request, const std::string& authorization,
                                 std::chrono::system_clock::time_point now);
  Result<Verified> verify_presigned(const SignedRequest& request,
                                    std::chrono::system_clock::time_point now);
  // Checks the credential scope "<key id>/<date>/<region>/s3/aws4_request", rebuilds the
  // canonical request over `signed_header_names` and compares `signature`.
  Status check_signature(const SignedRequest& request, const sigv4::NameValues& query,
                         const std::string& credential, const std::string& amz_date,
                         const std::string& signed_header_names, const std::string& payload_hash,
                         const std::string& signature);

  const sigv4::Credentials credentials_;
  const std::string region_;
  sigv4::SigningKeyCache keys_;
};

}  // namespace hoist::serve

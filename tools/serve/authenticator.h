// Authenticator: checks that a request was signed with SigV4 by the one account `hoist serve`
// knows, or with temporary credentials it issued (IssuedCredentials: the session token must
// come along, and expired ones are refused with ExpiredToken), in either form S3 accepts: the
// Authorization header, or a presigned URL's X-Amz-* query parameters. STS requests are
// checked the same way, for service "sts" and over the hash of their form body. The canonical request is rebuilt from what arrived on the wire (the raw
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
#include "tools/serve/issued_credentials.h"

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

  // REQUIRES: `issued` outlives the authenticator.
  Authenticator(sigv4::Credentials credentials, std::string region, const IssuedCredentials& issued);

  // Verified, or the 400/403 error S3 gives: AccessDenied (no or expired signature),
  // InvalidAccessKeyId, SignatureDoesNotMatch, RequestTimeTooSkewed,
  // AuthorizationHeaderMalformed, AuthorizationQueryParametersError, InvalidToken (issued
  // credentials without their session token), ExpiredToken (issued credentials expired).
  Result<Verified> verify(const SignedRequest& request,
                          std::chrono::system_clock::time_point now);

  // The same for a request to another service (STS) signed in the Authorization header over
  // `payload_hash`, the hash of the body the server computed itself: such services, unlike
  // S3, do not require x-amz-content-sha256.
  Status verify_service(const SignedRequest& request, std::string_view service, const std::string& payload_hash,
                        std::chrono::system_clock::time_point now);

 private:
  // `service` and, when not null, the payload hash to sign over instead of the header's.
  Result<Verified> verify_header(const SignedRequest& request, const std::string& authorization,
                                 std::chrono::system_clock::time_point now, std::string_view service,
                                 const std::string* payload_override);
  Result<Verified> verify_presigned(const SignedRequest& request,
                                    std::chrono::system_clock::time_point now);
  // Checks the credential scope "<key id>/<date>/<region>/<service>/aws4_request", rebuilds
  // the canonical request over `signed_header_names` and compares `signature`.
  Status check_signature(const SignedRequest& request, const sigv4::NameValues& query,
                         const std::string& credential, const std::string& amz_date,
                         const std::string& signed_header_names, const std::string& payload_hash,
                         const std::string& signature, std::string_view service,
                         std::chrono::system_clock::time_point now);
  // The credentials access key id `key_id` stands for: the server's own, or issued ones whose
  // session token the request carries and that have not expired.
  Result<sigv4::Credentials> credentials_for(const SignedRequest& request, std::string_view key_id,
                                             std::chrono::system_clock::time_point now) const;

  const sigv4::Credentials credentials_;
  const std::string region_;
  const IssuedCredentials& issued_;
  sigv4::SigningKeyCache keys_;
};

}  // namespace hoist::serve

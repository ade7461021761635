// sign(): SigV4 header authentication. Adds to a request the headers that carry its
// signature, so that it can be sent as is. The path and query on the wire must be the ones
// request_target() (canonical_uri.h) makes from the same Request.
//
// Pure: no I/O and no clock; the caller passes the signing time. Any thread may call these
// (a SigningKeyCache may be shared, see signing_key_cache.h).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "sigv4/amz_date.h"
#include "sigv4/credentials.h"
#include "sigv4/request.h"
#include "sigv4/scope.h"
#include "sigv4/signing_key_cache.h"
#include "sigv4/signing_options.h"

namespace hoist::sigv4 {

// Signs `request` as of `now`: adds x-amz-date, x-amz-content-sha256 (unless
// options.content_sha256_header is off), x-amz-security-token (when the credentials have a
// session token) and authorization to request.headers. Those from an earlier signing are
// replaced, so a retried request can be signed again. The signing key comes from `cache`
// when one is given, else it is derived.
// REQUIRES: request has a host header and a payload hash; else std::invalid_argument.
void sign(Request& request, const Credentials& credentials, const Scope& scope,
          std::chrono::system_clock::time_point now, SigningKeyCache* cache = nullptr,
          const SigningOptions& options = {});

// Readies `request` to go unsigned (anonymous reads of public buckets): x-amz-content-sha256
// as sign() sets it (S3 reads the payload's framing from it), and no authorization, date or
// session token left from an earlier signing.
void prepare_unsigned(Request& request);

// The first step of sign(), exposed for tests: sets the signed x-amz-* headers above for
// `date`, leaving the request ready for canonical_request() (which never signs an
// authorization header). An unsigned session token (options.sign_session_token off) is not
// added here: sign() adds it after signing.
void add_signing_headers(Request& request, const Credentials& credentials, const AmzDate& date,
                         const SigningOptions& options);

// "AWS4-HMAC-SHA256 Credential=<access key id>/<credential scope>, SignedHeaders=<list>,
// Signature=<hex>": the Authorization header value.
std::string authorization(std::string_view access_key_id, std::string_view credential_scope,
                          std::string_view signed_headers, std::string_view signature);

}  // namespace hoist::sigv4

// presign_url(): SigV4 query authentication. Turns a request into a URL that carries its own
// signature in X-Amz-* query parameters, so that whoever holds the URL can send the request
// without credentials until it expires.
//
// Pure: no I/O and no clock; the caller passes the signing time. Any thread may call these.
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

// S3 refuses presigned URLs that live longer than seven days.
inline constexpr std::chrono::seconds kMaxPresignExpiry{604800};

// "<origin><wire path>?<canonical query>&X-Amz-Signature=<hex>", valid for `expires` from
// `now`. `origin` is "scheme://host[:port]". The signature covers request.headers (host at
// least), which whoever uses the URL must send unchanged; payload_hash is normally
// UNSIGNED_PAYLOAD. The session token, if any, travels as X-Amz-Security-Token.
// REQUIRES: 1 s <= expires <= kMaxPresignExpiry; request has a host header and a payload hash.
// Else std::invalid_argument.
std::string presign_url(std::string_view origin, Request request,
                        const Credentials& credentials, const Scope& scope,
                        std::chrono::system_clock::time_point now, std::chrono::seconds expires,
                        SigningKeyCache* cache = nullptr, const SigningOptions& options = {});

// The first step of presign_url(), exposed for tests: adds X-Amz-Algorithm, X-Amz-Credential,
// X-Amz-Date, X-Amz-Expires, X-Amz-SignedHeaders and (when signed) X-Amz-Security-Token to
// request.query, leaving the request ready for canonical_request().
// REQUIRES: as presign_url().
void add_presign_query(Request& request, const Credentials& credentials, const Scope& scope,
                       const AmzDate& date, std::chrono::seconds expires,
                       const SigningOptions& options);

}  // namespace hoist::sigv4

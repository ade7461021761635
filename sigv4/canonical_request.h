// The canonical request: the normalised text of an HTTP request that SigV4 hashes and signs.
//
//   <method>\n<canonical path>\n<canonical query>\n<canonical headers>\n<signed headers>\n
//   <payload hash>
//
// Headers are signed as lowercase names sorted by byte, values trimmed with inner runs of
// whitespace folded to one space, repeated names joined by ','. Every header of the request
// is signed except the few that proxies and HTTP stacks add or rewrite on their own
// (authorization, connection, expect, transfer-encoding, user-agent, x-amzn-trace-id).
//
// Pure functions; any thread may call them.
#pragma once

#include <string>
#include <string_view>

#include "sigv4/request.h"
#include "sigv4/signing_options.h"

namespace hoist::sigv4 {

// The SignedHeaders list: "host;range;x-amz-date".
std::string signed_headers(const Request& request);

// The canonical request of `request` as it stands (sign() adds x-amz-date and friends first).
std::string canonical_request(const Request& request, const SigningOptions& options = {});

// Appends the canonical request to *out and sets *signed_headers_out to its SignedHeaders
// list, which the Authorization header repeats.
void append_canonical_request(std::string* out, std::string* signed_headers_out,
                              const Request& request, const SigningOptions& options);

// True for a header that is never signed (see above). `name` in any case.
bool is_unsigned_header(std::string_view name);

// ASCII case-insensitive equality, for header names.
bool header_name_equals(std::string_view a, std::string_view b);

// Throws std::invalid_argument, naming `caller`, unless the request has a host header and a
// payload hash: without either S3 can only answer SignatureDoesNotMatch.
void require_signable(const Request& request, std::string_view caller);

}  // namespace hoist::sigv4

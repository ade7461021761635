// The path and query of a request, in the two forms SigV4 cares about: the bytes that go on
// the request line, and the CanonicalURI and CanonicalQueryString lines of the canonical
// request. For S3 (default SigningOptions) the two are the same bytes, which is the point:
// build the URL with wire_path() and canonical_query() and what is signed is what is sent.
//
// Pure functions; any thread may call them.
#pragma once

#include <string>
#include <string_view>

#include "sigv4/request.h"
#include "sigv4/signing_options.h"

namespace hoist::sigv4 {

// The path as it goes on the request line: uri_encode(path, false), or `path` itself when
// options.path_is_encoded. An empty path is "/". Never normalised.
std::string wire_path(std::string_view path, const SigningOptions& options = {});

// The CanonicalURI line: the wire path, normalised if options.normalize_path, encoded once
// more if options.double_encode_path.
std::string canonical_path(std::string_view path, const SigningOptions& options = {});

// Appends canonical_path(path, options) to *out.
void append_canonical_path(std::string* out, std::string_view path,
                           const SigningOptions& options);

// `path` with "." and ".." segments resolved (RFC 3986 section 5.2.4) and empty segments
// dropped, keeping a trailing '/': "/a/./b//../c/" becomes "/a/c/". Always starts with '/'.
std::string normalized_path(std::string_view path);

// Names and values uri-encoded (a '/' included), sorted by encoded name then encoded value,
// joined as "n1=v1&n2=v2"; a parameter without a value is written "name=". This is the
// CanonicalQueryString and, in this order, also a valid query string for the wire.
std::string canonical_query(const NameValues& query);

// Appends canonical_query(query) to *out.
void append_canonical_query(std::string* out, const NameValues& query);

// What follows the host in the URL: wire_path(request.path), then '?' and
// canonical_query(request.query) if there is a query.
std::string request_target(const Request& request, const SigningOptions& options = {});

}  // namespace hoist::sigv4

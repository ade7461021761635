// RequestTarget: the request line's target split the way S3 reads it. The raw path is kept
// byte for byte, because SigV4 signs the path exactly as the client sent it and S3 keys may
// contain "//", "." and ".." that any normalisation would destroy; the query is decoded,
// because SigV4 signs it re-encoded and sorted. Pure functions; any thread may call them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "sigv4/request.h"

namespace hoist::serve {

struct RequestTarget {
  std::string raw_path;      // as sent, percent-encoded, starting with '/'
  sigv4::NameValues query;   // decoded names and values, in request order
  std::string bucket;        // decoded; empty for the service (ListBuckets)
  std::string key;           // decoded; empty for bucket-level requests
};

// Percent-decodes `text`; with plus_is_space a '+' becomes ' ' (query strings).
// nullopt on a malformed escape.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

// Splits `target` ("/b/k%20x?uploads&max-keys=2") and finds the bucket and key: from the
// Host header when it is "<bucket>.<service_host>[:port]" (virtual-hosted style), else from
// the first path segment (path style). nullopt on a malformed target or escape.
std::optional<RequestTarget> parse_request_target(std::string_view target, std::string_view host,
                                                  std::string_view service_host);

// The value of query parameter `name`, or null.
const std::string* find_param(const sigv4::NameValues& params, std::string_view name);

}  // namespace hoist::serve

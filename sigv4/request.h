// Request: the parts of an HTTP request that SigV4 covers, before the signature is added.
// Callers build one from decoded components; the functions in canonical_uri.h turn its path
// and query into the exact bytes to put on the wire, and sign() adds the headers that carry
// the signature.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace hoist::sigv4 {

// Ordered (name, value) pairs; names may repeat.
using NameValues = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;  // "GET", "PUT", ...
  // Starts with '/' (or is empty, meaning "/"). Decoded, e.g. "/my bucket/a+b.txt", unless
  // SigningOptions::path_is_encoded says it is already percent-encoded.
  std::string path;
  NameValues query;    // decoded names and values; a subresource like "?uploads" is {"uploads", ""}
  // Names in any case; must contain host. All are signed but the few that
  // canonical_request.h names, so add here only headers that reach the server unchanged.
  NameValues headers;
  // Hex SHA-256 of the body (hex_sha256(), EMPTY_PAYLOAD_SHA256) or UNSIGNED_PAYLOAD.
  std::string payload_hash;
};

}  // namespace hoist::sigv4

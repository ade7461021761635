// Scope: the region and service a signature is valid for. With the date it forms the
// credential scope ("20130524/us-east-1/s3/aws4_request") that both the string to sign and
// the Authorization header name, and that the signing key is derived for.
#pragma once

#include <string>
#include <string_view>

namespace hoist::sigv4 {

struct Scope {
  std::string region;   // "us-east-1"
  std::string service;  // "s3"
};

// "<date>/<region>/<service>/aws4_request".
// REQUIRES: date is the 8-digit "YYYYMMDD" of the signing time.
std::string credential_scope(std::string_view date, const Scope& scope);

// Appends credential_scope(date, scope) to *out.
void append_credential_scope(std::string* out, std::string_view date, const Scope& scope);

}  // namespace hoist::sigv4

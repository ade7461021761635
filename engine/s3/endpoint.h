// Where S3 requests go: the endpoint (AWS's regional one or a custom --endpoint-url) and how a
// bucket is addressed on it (virtual-hosted "b.s3.region.amazonaws.com" or path "/b/key").
#pragma once

#include <string>
#include <string_view>

#include "engine/config/addressing_style.h"
#include "hoist/result.h"

namespace hoist::s3 {

using config::AddressingStyle;

struct Endpoint {
  std::string scheme = "https";
  std::string host;       // without port
  int port = 0;           // 0: the scheme's default
  std::string base_path;  // a custom endpoint may live under a path prefix ("/s3"); no trailing '/'
  bool is_aws = false;

  // "scheme://host[:port]"
  std::string origin() const;
  // The Host header value: host, plus ":port" when the port is not the scheme's default.
  std::string host_header() const;
};

// AWS's endpoint for `region`: https://s3.<region>.amazonaws.com.
Endpoint aws_endpoint(std::string_view region);

// Parses --endpoint-url. Accepts http:// and https:// URLs with optional port and path.
Result<Endpoint> parse_endpoint(std::string_view url);

// True when `bucket` can be a DNS label under TLS: 3-63 chars of a-z 0-9 '-', no dots
// (a dotted name breaks the *.s3 wildcard certificate), not starting or ending with '-'.
bool is_virtual_hostable(std::string_view bucket);

// The host, decoded path and origin of one request.
struct Target {
  std::string origin;       // scheme://host[:port] to connect to
  std::string host_header;  // the Host header value, signed
  std::string path;         // decoded path, e.g. "/bucket/a b.txt" or "/a b.txt"
};

// Resolves where a request for bucket/key goes. Auto means virtual-hosted on AWS when the
// bucket name allows it, else path-style (custom endpoints rarely have wildcard DNS).
Target resolve_target(const Endpoint& endpoint, AddressingStyle style, std::string_view bucket,
                      std::string_view key);

}  // namespace hoist::s3

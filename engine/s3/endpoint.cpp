#include "engine/s3/endpoint.h"

#include <charconv>

namespace hoist::s3 {
namespace {

Error invalid(std::string code, std::string message) {
  return Error::make(ErrorKind::kInvalid, std::move(code), std::move(message));
}

int default_port(std::string_view scheme) { return scheme == "http" ? 80 : 443; }

}  // namespace

std::string Endpoint::origin() const {
  std::string out = scheme + "://" + host;
  if (port != 0) out += ":" + std::to_string(port);
  return out;
}

std::string Endpoint::host_header() const {
  if (port == 0 || port == default_port(scheme)) return host;
  return host + ":" + std::to_string(port);
}

Endpoint aws_endpoint(std::string_view region) {
  Endpoint e;
  e.scheme = "https";
  e.host = "s3." + std::string(region) + ".amazonaws.com";
  e.is_aws = true;
  return e;
}

Result<Endpoint> parse_endpoint(std::string_view url) {
  Endpoint e;
  auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) {
    return invalid("InvalidEndpoint",
                   "endpoint URL '" + std::string(url) + "' must start with http:// or https://");
  }
  e.scheme = std::string(url.substr(0, scheme_end));
  if (e.scheme != "http" && e.scheme != "https") {
    return invalid("InvalidEndpoint", "endpoint URL '" + std::string(url) +
                                          "' has unsupported scheme '" + e.scheme + "'");
  }
  std::string_view rest = url.substr(scheme_end + 3);
  // A query, fragment or user name has no meaning for an S3 endpoint and would otherwise end
  // up inside the host name or the signed path.
  if (rest.find_first_of("?#@") != std::string_view::npos) {
    return invalid("InvalidEndpoint", "endpoint URL '" + std::string(url) +
                                          "' must not contain a query, fragment or user name");
  }
  auto slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  if (slash != std::string_view::npos) {
    std::string_view path = rest.substr(slash);
    while (!path.empty() && path.back() == '/') path.remove_suffix(1);
    e.base_path = std::string(path);
  }
  if (authority.empty()) {
    return invalid("InvalidEndpoint", "endpoint URL '" + std::string(url) + "' has no host");
  }
  // [v6]:port, host:port or host
  std::string_view host = authority;
  std::string_view port;
  if (authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos) {
      return invalid("InvalidEndpoint",
                     "endpoint URL '" + std::string(url) + "' has a bad IPv6 host");
    }
    host = authority.substr(0, close + 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') {
        return invalid("InvalidEndpoint",
                       "endpoint URL '" + std::string(url) + "' has a bad IPv6 host");
      }
      port = after.substr(1);
    }
  } else if (auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty()) {
    return invalid("InvalidEndpoint", "endpoint URL '" + std::string(url) + "' has no host");
  }
  e.host = std::string(host);
  if (!port.empty()) {
    int value = 0;
    auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || ptr != port.data() + port.size() || value <= 0 || value > 65535) {
      return invalid("InvalidEndpoint", "endpoint URL '" + std::string(url) + "' has a bad port");
    }
    e.port = value;
  }
  e.is_aws = e.host.ends_with(".amazonaws.com");
  return e;
}

bool is_virtual_hostable(std::string_view bucket) {
  if (bucket.size() < 3 || bucket.size() > 63) return false;
  if (bucket.front() == '-' || bucket.back() == '-') return false;
  for (char c : bucket) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
  }
  return true;
}

Target resolve_target(const Endpoint& endpoint, AddressingStyle style, std::string_view bucket,
                      std::string_view key) {
  bool is_virtual = false;
  if (!bucket.empty()) {
    if (style == AddressingStyle::kVirtual) {
      is_virtual = true;
    } else if (style == AddressingStyle::kAuto) {
      is_virtual = endpoint.is_aws && is_virtual_hostable(bucket);
    }
  }
  Target t;
  Endpoint host = endpoint;
  std::string path = endpoint.base_path;
  if (is_virtual) {
    host.host = std::string(bucket) + "." + endpoint.host;
  } else if (!bucket.empty()) {
    path += "/";
    path += bucket;
  }
  // A bucket-level request on a path-style endpoint is "/bucket", not "/bucket/".
  if (!key.empty() || path.empty() || is_virtual) {
    path += "/";
    path += key;
  }
  t.origin = host.origin();
  t.host_header = host.host_header();
  t.path = std::move(path);
  return t;
}

}  // namespace hoist::s3

#include "engine/http/redact.h"

#include <strings.h>

#include <array>

namespace hoist::http {
namespace {

constexpr std::string_view kRedacted = "<redacted>";

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

constexpr std::array<std::string_view, 8> kSecretHeaders = {
    "x-amz-security-token",
    "x-amz-sso_bearer_token",
    "x-amz-server-side-encryption-customer-key",
    "x-amz-copy-source-server-side-encryption-customer-key",
    "x-aws-ec2-metadata-token",
    "cookie",
    "set-cookie",
    "proxy-authorization",
};

constexpr std::array<std::string_view, 2> kSecretQueryNames = {
    "X-Amz-Signature",
    "X-Amz-Security-Token",
};

}  // namespace

bool is_secret_header(std::string_view name) {
  for (auto secret : kSecretHeaders) {
    if (iequals(name, secret)) return true;
  }
  return false;
}

std::string redacted_header_value(std::string_view name, std::string_view value) {
  if (is_secret_header(name)) return std::string(kRedacted);
  if (iequals(name, "authorization")) {
    // "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=<hex>": keep all but the
    // signature; any other scheme (container tokens, bearer) is hidden whole.
    auto pos = value.find("Signature=");
    if (value.rfind("AWS4-", 0) != 0 || pos == std::string_view::npos) {
      return std::string(kRedacted);
    }
    return std::string(value.substr(0, pos + 10)) + std::string(kRedacted);
  }
  return std::string(value);
}

std::string redacted_url(std::string_view url) {
  auto query_start = url.find('?');
  if (query_start == std::string_view::npos) return std::string(url);
  std::string out(url.substr(0, query_start + 1));
  std::string_view query = url.substr(query_start + 1);
  bool first = true;
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (!first) out += '&';
    first = false;
    auto eq = pair.find('=');
    std::string_view name = pair.substr(0, eq);
    bool secret = false;
    for (auto s : kSecretQueryNames) secret = secret || iequals(name, s);
    if (secret && eq != std::string_view::npos) {
      out += name;
      out += '=';
      out += kRedacted;
    } else {
      out += pair;
    }
  }
  return out;
}

}  // namespace hoist::http

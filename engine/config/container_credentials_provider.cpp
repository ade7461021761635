#include "engine/config/container_credentials_provider.h"

#include <arpa/inet.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "engine/config/credentials_json.h"
#include "engine/config/text.h"

namespace hoist::config {
namespace {

constexpr std::string_view kRelativeUri = "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI";
constexpr std::string_view kFullUri = "AWS_CONTAINER_CREDENTIALS_FULL_URI";

// The host of an absolute URL, without brackets, userinfo or port; empty if there is none.
std::string url_host(std::string_view url) {
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::string();
  std::string_view authority = url.substr(scheme_end + 3);
  authority = authority.substr(0, authority.find_first_of("/?#"));
  size_t at = authority.rfind('@');
  if (at != std::string_view::npos) authority.remove_prefix(at + 1);
  if (!authority.empty() && authority.front() == '[') {
    size_t close = authority.find(']');
    return close == std::string_view::npos ? std::string() : std::string(authority.substr(1, close - 1));
  }
  return std::string(authority.substr(0, authority.find(':')));
}

// Plain-http hosts the token may be sent to: this machine, and the link-local addresses
// where the ECS and EKS agents listen.
bool is_allowed_http_host(const std::string& host) {
  if (host == "localhost") return true;
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) {
    uint32_t address = ntohl(v4.s_addr);
    return (address >> 24) == 127 || host == "169.254.170.2" || host == "169.254.170.23";
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, host.c_str(), &v6) != 1) return false;
  for (const char* allowed : {"::1", "fd00:ec2::23"}) {
    in6_addr candidate{};
    inet_pton(AF_INET6, allowed, &candidate);
    if (std::equal(std::begin(v6.s6_addr), std::end(v6.s6_addr), std::begin(candidate.s6_addr))) {
      return true;
    }
  }
  return false;
}

std::optional<Error> check_full_uri(const std::string& url) {
  if (url.rfind("https://", 0) == 0) return std::nullopt;
  if (url.rfind("http://", 0) != 0) {
    return failed(std::string(kFullUri) + " must be an http:// or https:// URL");
  }
  std::string host = url_host(url);
  if (!is_allowed_http_host(host)) {
    return failed(std::string(kFullUri) + ": plain http is only allowed to loopback or the " +
                  "ECS/EKS agent addresses, not '" + host + "'; use https");
  }
  return std::nullopt;
}

}  // namespace

ContainerCredentialsProvider::ContainerCredentialsProvider(const Environment& env)
    : ContainerCredentialsProvider(env, Options()) {}

ContainerCredentialsProvider::ContainerCredentialsProvider(const Environment& env, Options options)
    : options_(std::move(options)),
      token_(env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN")),
      token_file_(env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")) {
  if (std::optional<std::string> relative = env.get(kRelativeUri)) {
    url_ = options_.relative_uri_base + (relative->front() == '/' ? "" : "/") + *relative;
  } else if (std::optional<std::string> full = env.get(kFullUri)) {
    configuration_error_ = check_full_uri(*full);
    if (!configuration_error_) url_ = *full;
  }
}

Result<std::optional<std::string>> ContainerCredentialsProvider::authorization() const {
  std::optional<std::string> value = token_;
  std::string origin = "AWS_CONTAINER_AUTHORIZATION_TOKEN";
  if (token_file_) {
    std::ifstream in(*token_file_, std::ios::binary);
    std::ostringstream text;
    if (!(in && text << in.rdbuf())) {
      return failed("cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE " + *token_file_);
    }
    value = std::string(trim(text.str()));
    origin = "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE " + *token_file_;
  }
  // A line break would let the value forge extra request headers.
  if (value && value->find_first_of("\r\n") != std::string::npos) {
    return failed(origin + ": the token contains a line break");
  }
  return value;
}

Result<Credentials> ContainerCredentialsProvider::fetch() {
  if (configuration_error_) return *configuration_error_;
  if (url_.empty()) {
    return not_found("container: " + std::string(kRelativeUri) + " and " + std::string(kFullUri) +
                     " not set");
  }
  Result<std::optional<std::string>> token = authorization();
  if (!token.ok()) return token.error();

  http::Request request;
  request.url = url_;
  request.headers.emplace_back("Accept", "application/json");
  if (token.value()) request.headers.emplace_back("Authorization", *token.value());
  http::Outcome outcome = send_service_request(std::move(request), options_.timeouts);
  if (outcome.error || outcome.response.status != 200) {
    return failed("container credentials: " + describe_failure(url_, outcome));
  }
  std::string what = "container credentials from " + url_;
  Result<nlohmann::json> document = parse_json_object(outcome.response.body, what);
  if (!document.ok()) return document.error();
  return credentials_from_json(document.value(), "Token", what, kSourceContainer);
}

}  // namespace hoist::config

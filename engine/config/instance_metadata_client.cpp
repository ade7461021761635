#include "engine/config/instance_metadata_client.h"

#include <utility>

#include "engine/config/text.h"

namespace hoist::config {
namespace {

constexpr std::string_view kTokenPath = "/latest/api/token";
constexpr std::string_view kTokenHeader = "X-aws-ec2-metadata-token";
constexpr std::string_view kTokenTtlHeader = "X-aws-ec2-metadata-token-ttl-seconds";
constexpr std::string_view kIpv6Endpoint = "http://[fd00:ec2::254]";

// A token is renewed this long before the service would reject it.
constexpr std::chrono::seconds kTokenRenewMargin{60};

std::optional<std::string> setting(const Environment& env, const SharedConfig* shared,
                                   std::string_view variable, std::string_view key) {
  if (std::optional<std::string> value = env.get(variable)) return value;
  if (shared == nullptr) return std::nullopt;
  std::optional<Setting> from_profile = shared->get(key);
  if (!from_profile || from_profile->value.empty()) return std::nullopt;
  return from_profile->value;
}

}  // namespace

InstanceMetadataClient::Options InstanceMetadataClient::options_from(const Environment& env,
                                                                     const SharedConfig* shared) {
  Options options;
  options.disabled = env.is_true("AWS_EC2_METADATA_DISABLED");
  std::optional<std::string> v1_disabled =
      setting(env, shared, "AWS_EC2_METADATA_V1_DISABLED", "ec2_metadata_v1_disabled");
  options.allow_v1 = !(v1_disabled && is_true_value(*v1_disabled));
  if (std::optional<std::string> endpoint =
          setting(env, shared, "AWS_EC2_METADATA_SERVICE_ENDPOINT", "ec2_metadata_service_endpoint")) {
    options.endpoint = *endpoint;
  } else if (std::optional<std::string> mode = setting(env, shared, "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
                                                       "ec2_metadata_service_endpoint_mode")) {
    if (equals_ignore_case(*mode, "IPv6")) options.endpoint = std::string(kIpv6Endpoint);
  }
  while (!options.endpoint.empty() && options.endpoint.back() == '/') options.endpoint.pop_back();
  return options;
}

InstanceMetadataClient::InstanceMetadataClient(Options options) : options_(std::move(options)) {}

http::Outcome InstanceMetadataClient::send(http::Request request) {
  return send_service_request(std::move(request), options_.timeouts);
}

Error InstanceMetadataClient::unavailable(const std::string& url, const http::Outcome& outcome) {
  Error error = not_found("instance metadata: " + describe_failure(url, outcome));
  // Nothing answered: asking again would only wait for the same timeout.
  if (outcome.error) unreachable_ = error;
  return error;
}

Result<std::optional<std::string>> InstanceMetadataClient::session_token() {
  auto now = std::chrono::steady_clock::now();
  if (token_ && now < token_expires_) return token_;
  token_.reset();

  http::Request request;
  request.method = "PUT";
  request.url = options_.endpoint + std::string(kTokenPath);
  request.headers.emplace_back(std::string(kTokenTtlHeader), std::to_string(options_.token_ttl.count()));
  http::Outcome outcome = send(request);
  if (!outcome.error && outcome.response.status == 200 && !outcome.response.body.empty()) {
    // The token goes into every later request's headers: anything but visible ASCII (a line
    // break above all) would let the metadata service write headers of its own.
    for (unsigned char c : outcome.response.body) {
      if (c < 0x21 || c > 0x7E) {
        return not_found("instance metadata: " + request.url +
                         " gave a session token with characters a header cannot carry");
      }
    }
    token_ = std::move(outcome.response.body);
    token_expires_ = now + options_.token_ttl - kTokenRenewMargin;
    return token_;
  }
  // These statuses come from services (or proxies in front of them) that do not speak
  // IMDSv2; plain GETs may still work.
  long status = outcome.response.status;
  if (!outcome.error && options_.allow_v1 && (status == 403 || status == 404 || status == 405)) {
    return std::optional<std::string>();
  }
  return unavailable(request.url, outcome);
}

Result<std::string> InstanceMetadataClient::get(std::string_view path) {
  if (options_.disabled) {
    return not_found("instance metadata: disabled by AWS_EC2_METADATA_DISABLED");
  }
  base::MutexLock lock(mutex_);
  if (unreachable_) return *unreachable_;
  // A 401 means the token went stale early (e.g. the instance was stopped and started):
  // fetch a new one once.
  for (int attempt = 0; attempt < 2; ++attempt) {
    Result<std::optional<std::string>> token = session_token();
    if (!token.ok()) return token.error();
    http::Request request;
    request.url = options_.endpoint + std::string(path);
    if (token.value()) request.headers.emplace_back(std::string(kTokenHeader), *token.value());
    http::Outcome outcome = send(request);
    if (!outcome.error && outcome.response.status == 200) return std::move(outcome.response.body);
    if (!outcome.error && outcome.response.status == 401 && token.value() && attempt == 0) {
      token_.reset();
      continue;
    }
    return unavailable(request.url, outcome);
  }
  return not_found("instance metadata: " + options_.endpoint + std::string(path) +
                   ": session token rejected");
}

}  // namespace hoist::config

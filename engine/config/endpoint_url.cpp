#include "engine/config/endpoint_url.h"

#include <string>

namespace hoist::config {
namespace {

bool endpoints_ignored(const Environment& env, const SharedConfig& shared) {
  std::optional<std::string> ignore = env.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
  if (!ignore) {
    if (std::optional<Setting> from_profile = shared.get("ignore_configured_endpoint_urls")) {
      ignore = from_profile->value;
    }
  }
  return ignore && is_true_value(*ignore);
}

std::string service_variable(std::string_view service) {
  std::string name = "AWS_ENDPOINT_URL_";
  for (char c : service) name += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  return name;
}

// The configured endpoint, before validation.
std::optional<Setting> configured(std::string_view service, const Environment& env, const SharedConfig& shared) {
  if (endpoints_ignored(env, shared)) return std::nullopt;
  for (const std::string& variable : {service_variable(service), std::string("AWS_ENDPOINT_URL")}) {
    if (std::optional<std::string> url = env.get(variable)) return Setting{*url, variable};
  }
  for (std::optional<Setting> url : {shared.service_setting(service, "endpoint_url"), shared.get("endpoint_url")}) {
    if (url && !url->value.empty()) return url;
  }
  return std::nullopt;
}

Result<std::optional<Setting>> validated(std::optional<Setting> endpoint) {
  if (endpoint && endpoint->value.rfind("http://", 0) != 0 && endpoint->value.rfind("https://", 0) != 0) {
    return failed("endpoint URL '" + endpoint->value + "' from " + endpoint->source +
                  " must start with http:// or https://");
  }
  return endpoint;
}

}  // namespace

Result<std::optional<Setting>> configured_service_endpoint(std::string_view service, const Environment& env,
                                                           const SharedConfig& shared) {
  return validated(configured(service, env, shared));
}

Result<std::optional<Setting>> resolve_endpoint_url(const ExplicitOptions& options, const Environment& env,
                                                    const SharedConfig& shared) {
  if (!options.endpoint_url.empty()) {
    return validated(Setting{options.endpoint_url, "explicit option (--endpoint-url)"});
  }
  return configured_service_endpoint("s3", env, shared);
}

}  // namespace hoist::config

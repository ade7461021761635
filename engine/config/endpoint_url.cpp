#include "engine/config/endpoint_url.h"

namespace hoist::config {
namespace {

// The configured endpoint, before validation.
std::optional<Setting> configured_endpoint(const ExplicitOptions& options, const Environment& env,
                                           const SharedConfig& shared) {
  if (!options.endpoint_url.empty()) return Setting{options.endpoint_url, "explicit option (--endpoint-url)"};

  std::optional<std::string> ignore = env.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
  if (!ignore) {
    if (std::optional<Setting> from_profile = shared.get("ignore_configured_endpoint_urls")) {
      ignore = from_profile->value;
    }
  }
  if (ignore && is_true_value(*ignore)) return std::nullopt;

  for (const char* variable : {"AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"}) {
    if (std::optional<std::string> url = env.get(variable)) return Setting{*url, variable};
  }
  for (std::optional<Setting> url : {shared.service_setting("s3", "endpoint_url"), shared.get("endpoint_url")}) {
    if (url && !url->value.empty()) return url;
  }
  return std::nullopt;
}

}  // namespace

Result<std::optional<Setting>> resolve_endpoint_url(const ExplicitOptions& options, const Environment& env,
                                                    const SharedConfig& shared) {
  std::optional<Setting> endpoint = configured_endpoint(options, env, shared);
  if (endpoint && endpoint->value.rfind("http://", 0) != 0 && endpoint->value.rfind("https://", 0) != 0) {
    return Error::failed("endpoint URL '" + endpoint->value + "' from " + endpoint->source +
                         " must start with http:// or https://");
  }
  return endpoint;
}

}  // namespace hoist::config

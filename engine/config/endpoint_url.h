// Endpoint URLs for the AWS services hoist talks to (S3, and STS and IAM Identity Center for
// credentials), when something other than AWS's own endpoint is configured (MinIO, a VPC
// endpoint, `hoist serve`), decided the way the AWS CLI decides it.
#pragma once

#include <optional>
#include <string_view>

#include "engine/config/environment.h"
#include "engine/config/explicit_options.h"
#include "engine/config/result.h"
#include "engine/config/setting.h"
#include "engine/config/shared_config.h"

namespace hoist::config {

// The endpoint configured for `service`, its identifier as the [services] section spells it
// ("s3", "sts", "sso", "sso_oidc"). First that is set: AWS_ENDPOINT_URL_<SERVICE> (the
// identifier in upper case), AWS_ENDPOINT_URL, endpoint_url in the `service` sub-section of
// the [services] section the profile names, the profile's top-level endpoint_url.
// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true (or the profile's
// ignore_configured_endpoint_urls) ignores them all. nullopt means AWS itself. Fails when
// the chosen value is not an http:// or https:// URL.
Result<std::optional<Setting>> configured_service_endpoint(std::string_view service, const Environment& env,
                                                           const SharedConfig& shared);

// The S3 endpoint: options.endpoint_url when given (it wins even over
// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS), else configured_service_endpoint("s3", ...).
// nullopt means AWS itself (https://s3.<region>.amazonaws.com).
Result<std::optional<Setting>> resolve_endpoint_url(const ExplicitOptions& options, const Environment& env,
                                                    const SharedConfig& shared);

}  // namespace hoist::config

// The S3 endpoint URL, when something other than AWS's own endpoint is configured (MinIO,
// a VPC endpoint, `hoist serve`), decided the way the AWS CLI decides it.
#pragma once

#include <optional>

#include "engine/config/environment.h"
#include "engine/config/explicit_options.h"
#include "engine/config/result.h"
#include "engine/config/setting.h"
#include "engine/config/shared_config.h"

namespace hoist::config {

// First that is set: options.endpoint_url, AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL,
// endpoint_url in the s3 sub-section of the [services] section the profile names, the
// profile's top-level endpoint_url. AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true (or the
// profile's ignore_configured_endpoint_urls) leaves only the explicit option.
// nullopt means AWS itself (https://s3.<region>.amazonaws.com). Fails when the chosen value
// is not an http:// or https:// URL.
Result<std::optional<Setting>> resolve_endpoint_url(const ExplicitOptions& options, const Environment& env,
                                                    const SharedConfig& shared);

}  // namespace hoist::config

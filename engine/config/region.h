// The region requests are sent to and signed for, decided the way the AWS CLI decides it.
#pragma once

#include "engine/config/environment.h"
#include "engine/config/explicit_options.h"
#include "engine/config/instance_metadata_client.h"
#include "engine/config/setting.h"
#include "engine/config/shared_config.h"

namespace hoist::config {

// The region models the S3 endpoint on when nothing says otherwise.
inline constexpr std::string_view kDefaultRegion = "us-east-1";

// First that is set: options.region, AWS_REGION, AWS_DEFAULT_REGION, the profile's
// `region`, the instance's region from the metadata service (skipped when `metadata` is
// null or disabled), else kDefaultRegion. Setting::source names the one that decided.
Setting resolve_region(const ExplicitOptions& options, const Environment& env, const SharedConfig& shared,
                       InstanceMetadataClient* metadata);

}  // namespace hoist::config

// Turns a public hoist::Config into what the S3 service needs: endpoint, region, addressing,
// HTTP options and a credentials source, resolved the way the AWS CLI resolves them.
#pragma once

#include "engine/s3/service.h"
#include "hoist/client.h"
#include "hoist/config.h"
#include "hoist/result.h"

namespace hoist::api {

struct ClientSetup {
  ResolvedSettings settings;
  s3::ServiceOptions service;
  s3::CredentialsSource credentials;
};

Result<ClientSetup> resolve_client_setup(const Config& config);

}  // namespace hoist::api

// WebIdentityProvider: credentials of an IAM role for a workload that holds an OIDC token
// instead of keys, e.g. a pod of a Kubernetes service account on EKS (IRSA): STS
// AssumeRoleWithWebIdentity with the token read from a file. Configured, as the AWS CLI
// reads it, setting by setting from the environment first and then the profile:
//   AWS_WEB_IDENTITY_TOKEN_FILE / web_identity_token_file   the token's file (required)
//   AWS_ROLE_ARN / role_arn                                 the role (required with a file)
//   AWS_ROLE_SESSION_NAME / role_session_name               optional
// The file is read on every fetch: Kubernetes rotates the token in place.
#pragma once

#include <optional>
#include <string>

#include "engine/config/credentials_provider.h"
#include "engine/config/environment.h"
#include "engine/config/shared_config.h"
#include "engine/config/sts_client.h"

namespace hoist::config {

struct WebIdentitySettings {
  std::optional<Setting> token_file;
  std::optional<Setting> role_arn;
  std::optional<Setting> role_session_name;
};

// The settings above, from `env` (skipped when null: an explicit --profile, as for keys in the
// environment) and then from `shared`'s selected profile.
WebIdentitySettings web_identity_settings(const Environment* env, const SharedConfig& shared);

class WebIdentityProvider final : public CredentialsProvider {
 public:
  WebIdentityProvider(WebIdentitySettings settings, StsClient sts);

  // not_found without a token file; failed when the role is missing, the file cannot be read
  // or is empty, or STS refuses (messages never quote the token).
  Result<Credentials> fetch() override;

 private:
  WebIdentitySettings settings_;
  StsClient sts_;
};

}  // namespace hoist::config

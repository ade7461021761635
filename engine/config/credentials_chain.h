// CredentialsChain: tries providers in order and answers with the first that yields, the
// way the AWS CLI finds credentials. default_credentials_chain() builds the CLI's order.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/config/credentials_provider.h"
#include "engine/config/environment.h"
#include "engine/config/explicit_options.h"
#include "engine/config/instance_metadata_client.h"
#include "engine/config/shared_config.h"

namespace hoist::config {

class CredentialsChain final : public CredentialsProvider {
 public:
  explicit CredentialsChain(std::vector<std::unique_ptr<CredentialsProvider>> providers);
  // With `nothing_found` as the start of the error when no provider is configured (a role's
  // source profile says which profile lacks credentials, not how to set up the default ones).
  CredentialsChain(std::vector<std::unique_ptr<CredentialsProvider>> providers, std::string nothing_found);

  // Walks the providers until one yields. A provider that is configured but fails stops the
  // walk with its error (falling through to another identity would hide the problem). When
  // every provider is not_found, the error lists where each one looked.
  // Once a provider has yielded, later fetches (refreshes) go straight to it, so the
  // identity never switches source in the middle of a run.
  Result<Credentials> fetch() override;

 private:
  std::vector<std::unique_ptr<CredentialsProvider>> providers_;
  std::string nothing_found_;
  CredentialsProvider* chosen_ = nullptr;
};

// The AWS CLI's order (botocore's create_credential_resolver):
//   1. explicit keys in `options`
//   2. AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN (skipped when
//      options.profile is set: an explicit --profile outranks keys in the environment,
//      as in the AWS CLI; AWS_PROFILE does not)
//   3. role_arn with source_profile or credential_source in the profile (role_profile.h)
//   4. web identity: AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN (the variables skipped when
//      options.profile is set, as in 2), or web_identity_token_file + role_arn in the profile
//   5. SSO: sso_session or sso_start_url in the profile, with aws-cli's cached token
//   6. aws_access_key_id... in the profile's section of the shared credentials file
//   7. credential_process in the profile (either file)
//   8. aws_access_key_id... in the profile's section of the config file
//   9. the container agent (AWS_CONTAINER_CREDENTIALS_*)
//  10. the EC2 instance metadata service, through `metadata`
// STS calls (3, 4) go to resolve_sts_endpoint(env, shared, region).
// The environment is read now; the returned chain does not refer to `env` or `shared`.
// REQUIRES: metadata != nullptr.
std::unique_ptr<CredentialsChain> default_credentials_chain(const ExplicitOptions& options,
                                                            const Environment& env,
                                                            const SharedConfig& shared,
                                                            std::shared_ptr<InstanceMetadataClient> metadata,
                                                            const std::string& region);

}  // namespace hoist::config

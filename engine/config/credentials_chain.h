// CredentialsChain: tries providers in order and answers with the first that yields, the
// way the AWS CLI finds credentials. default_credentials_chain() builds the CLI's order.
#pragma once

#include <memory>
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

  // Walks the providers until one yields. A provider that is configured but fails stops the
  // walk with its error (falling through to another identity would hide the problem). When
  // every provider is not_found, the error lists where each one looked.
  // Once a provider has yielded, later fetches (refreshes) go straight to it, so the
  // identity never switches source in the middle of a run.
  Result<Credentials> fetch() override;

 private:
  std::vector<std::unique_ptr<CredentialsProvider>> providers_;
  CredentialsProvider* chosen_ = nullptr;
};

// The AWS CLI's order:
//   1. explicit keys in `options`
//   2. AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN (skipped when
//      options.profile is set: an explicit --profile outranks keys in the environment,
//      as in the AWS CLI; AWS_PROFILE does not)
//   3. aws_access_key_id... in the profile's section of the shared credentials file
//   4. credential_process in the profile (either file)
//   5. aws_access_key_id... in the profile's section of the config file
//   6. the container agent (AWS_CONTAINER_CREDENTIALS_*)
//   7. the EC2 instance metadata service, through `metadata`
// The environment is read now; the returned chain does not refer to `env` or `shared`.
// REQUIRES: metadata != nullptr.
std::unique_ptr<CredentialsChain> default_credentials_chain(const ExplicitOptions& options,
                                                            const Environment& env,
                                                            const SharedConfig& shared,
                                                            std::shared_ptr<InstanceMetadataClient> metadata);

}  // namespace hoist::config

#include "engine/config/credentials_chain.h"

#include <utility>

#include "engine/config/container_credentials_provider.h"
#include "engine/config/instance_metadata_credentials_provider.h"
#include "engine/config/role_profile.h"
#include "engine/config/static_credentials.h"

namespace hoist::config {

CredentialsChain::CredentialsChain(std::vector<std::unique_ptr<CredentialsProvider>> providers)
    : CredentialsChain(std::move(providers),
                       "no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or a profile in "
                       "~/.aws/credentials or ~/.aws/config (AWS_PROFILE or --profile selects which), or run "
                       "where a container or EC2 instance role provides them") {}

CredentialsChain::CredentialsChain(std::vector<std::unique_ptr<CredentialsProvider>> providers,
                                   std::string nothing_found)
    : providers_(std::move(providers)), nothing_found_(std::move(nothing_found)) {}

Result<Credentials> CredentialsChain::fetch() {
  if (chosen_ != nullptr) return chosen_->fetch();
  std::string looked;
  for (const std::unique_ptr<CredentialsProvider>& provider : providers_) {
    Result<Credentials> result = provider->fetch();
    if (result.ok()) {
      chosen_ = provider.get();
      return result;
    }
    if (!is_not_found(result.error())) return result;
    looked += "\n  - " + result.error().message;
  }
  return failed(nothing_found_ + ". Looked in:" + looked);
}

std::unique_ptr<CredentialsChain> default_credentials_chain(const ExplicitOptions& options,
                                                            const Environment& env,
                                                            const SharedConfig& shared,
                                                            std::shared_ptr<InstanceMetadataClient> metadata,
                                                            const std::string& region) {
  std::vector<std::unique_ptr<CredentialsProvider>> providers;
  auto add_static = [&providers](Result<Credentials> result) {
    providers.push_back(std::make_unique<StaticCredentialsProvider>(std::move(result)));
  };
  add_static(explicit_credentials(options));
  if (options.profile.empty()) {
    add_static(environment_credentials(env));
  } else {
    add_static(not_found("environment: not used because a profile was given explicitly"));
  }
  Result<StsEndpoint> sts = resolve_sts_endpoint(env, shared, region);
  providers.push_back(role_profile_provider(env, shared, metadata, sts));
  for (std::unique_ptr<CredentialsProvider>& provider :
       profile_providers(env, /*web_identity_from_environment=*/options.profile.empty(), shared, sts)) {
    providers.push_back(std::move(provider));
  }
  providers.push_back(std::make_unique<ContainerCredentialsProvider>(env));
  providers.push_back(std::make_unique<InstanceMetadataCredentialsProvider>(std::move(metadata)));
  return std::make_unique<CredentialsChain>(std::move(providers));
}

}  // namespace hoist::config

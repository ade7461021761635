#include "engine/config/client_config.h"

#include <utility>

#include "engine/config/credentials_chain.h"
#include "engine/config/endpoint_url.h"
#include "engine/config/instance_metadata_client.h"
#include "engine/config/region.h"
#include "engine/config/shared_config.h"

namespace hoist::config {

Result<ClientConfig> resolve_client_config(const ExplicitOptions& options, const Environment& env) {
  Result<SharedConfig> shared = SharedConfig::load(env, options.profile);
  if (!shared.ok()) return shared.error();

  ClientConfig config;
  config.profile = shared->profile();
  auto metadata = std::make_shared<InstanceMetadataClient>(
      InstanceMetadataClient::options_from(env, &shared.value()));

  // The region first: STS, for role credentials, is called in it.
  config.region = resolve_region(options, env, shared.value(), metadata.get());

  if (!options.anonymous) {
    config.credentials = std::make_shared<RefreshingCredentials>(
        default_credentials_chain(options, env, shared.value(), metadata, config.region.value));
    Result<Credentials> first = config.credentials->get();
    if (!first.ok()) return first.error();
  }

  Result<std::optional<Setting>> endpoint = resolve_endpoint_url(options, env, shared.value());
  if (!endpoint.ok()) return endpoint.error();
  config.endpoint_url = std::move(endpoint).value();

  Result<ResolvedAddressingStyle> style = resolve_addressing_style(options, shared.value());
  if (!style.ok()) return style.error();
  config.addressing_style = std::move(style).value();
  for (const char* name :
       {"max_concurrent_requests", "multipart_chunksize", "multipart_threshold", "max_bandwidth"}) {
    if (auto setting = shared.value().get("s3", name)) {
      config.s3_transfer_defaults.emplace_back(name, std::move(*setting));
    }
  }
  return config;
}

}  // namespace hoist::config

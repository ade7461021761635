// ClientConfig: everything hoist must know before its first S3 request — whose credentials,
// which region, which endpoint, which URL style — resolved once at startup from explicit
// options, the environment and the AWS profile, exactly as the AWS CLI would. This is the
// entry point the CLI and the public Client call; the other headers here are its parts.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/config/addressing_style.h"
#include "engine/config/environment.h"
#include "engine/config/explicit_options.h"
#include "engine/config/refreshing_credentials.h"
#include "engine/config/result.h"
#include "engine/config/setting.h"

namespace hoist::config {

struct ClientConfig {
  std::string profile;  // the profile in effect ("default" when none was named)

  // Ask it for credentials before signing each request; it refreshes them before they
  // expire. Null when options.anonymous is set.
  std::shared_ptr<RefreshingCredentials> credentials;

  Setting region;
  std::optional<Setting> endpoint_url;  // nullopt: AWS's own endpoint for the region
  ResolvedAddressingStyle addressing_style;

  // Transfer defaults aws-cli's `aws s3` commands read from the profile's s3 sub-section
  // (max_concurrent_requests, multipart_chunksize, multipart_threshold, max_bandwidth), as
  // written there; the caller parses them, since flags given explicitly override them.
  std::vector<std::pair<std::string, Setting>> s3_transfer_defaults;
};

// Reads the shared files, walks the credentials chain (default_credentials_chain) and
// fetches the first credentials now, so a missing or broken setup is reported before any
// transfer starts. Fails with a message that says what is wrong and where: a malformed
// file (path:line), a named profile that does not exist, a credential source that is set
// up but failing, or no credentials anywhere (listing every place looked in).
// `env` is only read during the call.
Result<ClientConfig> resolve_client_config(const ExplicitOptions& options, const Environment& env);

}  // namespace hoist::config

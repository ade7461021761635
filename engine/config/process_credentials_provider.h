// ProcessCredentialsProvider: credentials printed by the command in the profile's
// `credential_process` setting (aws-vault, gimme-aws-creds, corporate SSO helpers). The
// command's stdout must be JSON:
//   {"Version": 1, "AccessKeyId": ..., "SecretAccessKey": ...,
//    "SessionToken": ... (optional), "Expiration": "<ISO 8601>" (optional)}
// The command runs again on every fetch, i.e. when RefreshingCredentials sees the
// previous credentials near their Expiration.
#pragma once

#include <optional>
#include <string>

#include "engine/config/credentials_provider.h"
#include "engine/config/shared_config.h"

namespace hoist::config {

class ProcessCredentialsProvider final : public CredentialsProvider {
 public:
  // Takes the command from `shared`'s selected profile; without one, fetch() is not_found.
  explicit ProcessCredentialsProvider(const SharedConfig& shared);

  // Errors name the profile and the exit code, never the command's output: it holds secrets.
  Result<Credentials> fetch() override;

 private:
  std::string profile_;
  std::optional<Setting> command_;
};

}  // namespace hoist::config

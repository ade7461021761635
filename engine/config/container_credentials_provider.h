// ContainerCredentialsProvider: credentials from the agent that ECS tasks and EKS pods
// (Pod Identity) run beside them, configured entirely through the environment:
//   AWS_CONTAINER_CREDENTIALS_RELATIVE_URI  path on the ECS agent at http://169.254.170.2
//   AWS_CONTAINER_CREDENTIALS_FULL_URI      any https URL, or http to a loopback or
//                                           ECS/EKS agent address only (the token below
//                                           must not travel in clear text elsewhere)
//   AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE  file holding the Authorization header value,
//                                           re-read on every fetch (EKS rotates it)
//   AWS_CONTAINER_AUTHORIZATION_TOKEN       the value itself, if there is no file
// The agent answers JSON with AccessKeyId, SecretAccessKey, Token and Expiration.
#pragma once

#include <optional>
#include <string>

#include "engine/config/credentials_provider.h"
#include "engine/config/environment.h"
#include "engine/config/service_request.h"

namespace hoist::config {

class ContainerCredentialsProvider final : public CredentialsProvider {
 public:
  struct Options {
    // What AWS_CONTAINER_CREDENTIALS_RELATIVE_URI is appended to. Tests point it at a local
    // responder; nothing else should change it.
    std::string relative_uri_base = "http://169.254.170.2";
    ServiceTimeouts timeouts;
  };

  // Reads the variables above from `env` now; fetch() never looks at `env` again.
  explicit ContainerCredentialsProvider(const Environment& env);
  ContainerCredentialsProvider(const Environment& env, Options options);

  // not_found when neither URI variable is set; failed when one is set but the URL is not
  // allowed, the token is unreadable, or the agent does not deliver.
  Result<Credentials> fetch() override;

  // The URL fetch() requests (empty when not configured or not allowed).
  const std::string& url() const { return url_; }

 private:
  Result<std::optional<std::string>> authorization() const;

  Options options_;
  std::string url_;
  std::optional<Error> configuration_error_;
  std::optional<std::string> token_;
  std::optional<std::string> token_file_;
};

}  // namespace hoist::config

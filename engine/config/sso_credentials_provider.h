// SsoCredentialsProvider: credentials of an IAM Identity Center (SSO) permission set, for
// profiles that `aws configure sso` writes, in either form:
//   [profile dev]                       [profile dev]
//   sso_session = corp                  sso_start_url = https://corp.awsapps.com/start
//   sso_account_id = 111122223333       sso_region = eu-west-1
//   sso_role_name = Admin               sso_account_id = 111122223333
//   [sso-session corp]                  sso_role_name = Admin
//   sso_start_url = https://...         (legacy)
//   sso_region = eu-west-1
// The access token comes from aws-cli's cache (sso_token.h), refreshed when it is about to
// expire and the login left a refresh token; the role's credentials from the SSO portal's
// GetRoleCredentials. hoist never opens a browser: when the token has expired for good, the
// error says to run `aws sso login --profile <profile>`.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "engine/config/credentials_provider.h"
#include "engine/config/environment.h"
#include "engine/config/service_request.h"
#include "engine/config/shared_config.h"

namespace hoist::config {

struct SsoSettings {
  std::string profile;
  std::string session_name;  // empty for the legacy form
  std::string start_url;
  std::string region;  // where the portal and OIDC service are, not the S3 region
  std::string account_id;
  std::string role_name;
};

// The SSO settings of `shared`'s selected profile: nullopt when it has none (no sso_session
// and no sso_start_url), failed when they are incomplete or name a missing [sso-session].
Result<std::optional<SsoSettings>> sso_settings(const SharedConfig& shared);

class SsoCredentialsProvider final : public CredentialsProvider {
 public:
  struct Options {
    std::string cache_directory;  // ~/.aws/sso/cache
    std::string portal_url;       // https://portal.sso.<region>.amazonaws.com unless configured
    std::string oidc_url;         // https://oidc.<region>.amazonaws.com unless configured
    ServiceTimeouts timeouts{std::chrono::milliseconds(5000), std::chrono::milliseconds(30000)};
    std::function<std::chrono::system_clock::time_point()> clock = [] {
      return std::chrono::system_clock::now();
    };
  };

  // From the selected profile of `shared`, with endpoints from configured_service_endpoint()
  // ("sso": AWS_ENDPOINT_URL_SSO..., "sso_oidc": AWS_ENDPOINT_URL_SSO_OIDC...) and the cache
  // under env's home directory. Reads everything now.
  static std::unique_ptr<SsoCredentialsProvider> from_profile(const Environment& env,
                                                              const SharedConfig& shared);

  SsoCredentialsProvider(Result<std::optional<SsoSettings>> settings, Options options);

  // not_found when the profile has no SSO settings; failed otherwise when no credentials can
  // be had, naming `aws sso login --profile <profile>` when a new login is the cure.
  Result<Credentials> fetch() override;

  const Options& options() const { return options_; }

 private:
  Result<std::string> access_token(const SsoSettings& settings);

  Result<std::optional<SsoSettings>> settings_;
  Options options_;
};

}  // namespace hoist::config

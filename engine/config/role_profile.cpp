#include "engine/config/role_profile.h"

#include <algorithm>
#include <charconv>
#include <utility>

#include "engine/config/assume_role_provider.h"
#include "engine/config/container_credentials_provider.h"
#include "engine/config/credentials_chain.h"
#include "engine/config/instance_metadata_credentials_provider.h"
#include "engine/config/process_credentials_provider.h"
#include "engine/config/sso_credentials_provider.h"
#include "engine/config/static_credentials.h"
#include "engine/config/web_identity_provider.h"

namespace hoist::config {
namespace {

using ProviderPtr = std::unique_ptr<CredentialsProvider>;

ProviderPtr failing(Error error) {
  return std::make_unique<StaticCredentialsProvider>(std::move(error));
}

bool has_setting(const SharedConfig& profile, std::string_view key) {
  std::optional<Setting> setting = profile.get(key);
  return setting && !setting->value.empty();
}

bool has_static_keys(const SharedConfig& profile) {
  return has_setting(profile, "aws_access_key_id") || has_setting(profile, "aws_secret_access_key");
}

bool is_role_profile(const SharedConfig& profile) {
  return has_setting(profile, "role_arn") && !has_setting(profile, "web_identity_token_file");
}

// The keys of a profile, the credentials file winning over the config file.
Result<Credentials> static_profile_keys(const SharedConfig& profile) {
  Result<Credentials> keys = profile_credentials(profile, ProfileFile::kCredentials);
  if (keys.ok() || !is_not_found(keys.error())) return keys;
  return profile_credentials(profile, ProfileFile::kConfig);
}

std::string describe_chain(const std::vector<std::string>& visited, const std::string& next) {
  std::string chain;
  for (const std::string& name : visited) chain += name + " -> ";
  return chain + next;
}

// Builds the provider of one role profile and, recursively, of its source.
class RoleResolver {
 public:
  RoleResolver(const Environment& env, const SharedConfig& shared,
               std::shared_ptr<InstanceMetadataClient> metadata, const Result<StsEndpoint>& sts)
      : env_(env), shared_(shared), metadata_(std::move(metadata)), sts_(sts) {}

  // REQUIRES: profile `name` is a role profile.
  ProviderPtr role(const std::string& name) {
    visited_.push_back(name);
    SharedConfig profile = shared_.with_profile(name);
    std::string where = "profile '" + name + "'";
    if (has_setting(profile, "mfa_serial")) {
      return failing(
          failed(where + " sets mfa_serial: hoist cannot prompt for an MFA code; assume the role "
                         "with `aws sts assume-role` and pass the temporary keys in the "
                         "environment, or use a profile without mfa_serial"));
    }
    if (!sts_.ok()) return failing(failed(where + ": " + sts_.error().message));

    AssumeRoleParameters parameters;
    parameters.role_arn = profile.get("role_arn")->value;
    if (std::optional<Setting> name_setting = profile.get("role_session_name")) {
      parameters.role_session_name = name_setting->value;
    }
    if (std::optional<Setting> external_id = profile.get("external_id"))
      parameters.external_id = external_id->value;
    if (std::optional<Setting> duration = profile.get("duration_seconds")) {
      int seconds = 0;
      const char* end = duration->value.data() + duration->value.size();
      auto [ptr, ec] = std::from_chars(duration->value.data(), end, seconds);
      if (ec != std::errc() || ptr != end || seconds <= 0) {
        return failing(failed(where +
                              ": duration_seconds must be a whole number of seconds, not '" +
                              duration->value + "'"));
      }
      parameters.duration_seconds = seconds;
    }

    std::optional<Setting> source_profile = profile.get("source_profile");
    std::optional<Setting> credential_source = profile.get("credential_source");
    if (source_profile && credential_source) {
      return failing(failed(where + " sets both source_profile and credential_source; keep one"));
    }
    Result<ProviderPtr> source =
        source_profile ? from_source_profile(name, source_profile->value)
        : credential_source
            ? from_credential_source(where, credential_source->value)
            : Result<ProviderPtr>(failed(
                  where + " sets role_arn but neither source_profile nor credential_source"));
    if (!source.ok()) return failing(source.error());
    return std::make_unique<AssumeRoleProvider>(name, std::move(source).value(),
                                                StsClient(sts_.value()), std::move(parameters));
  }

 private:
  Result<ProviderPtr> from_source_profile(const std::string& parent, const std::string& name) {
    if (!shared_.has_profile(name)) {
      return failed("profile '" + parent + "' names source_profile '" + name +
                    "', which does not exist");
    }
    SharedConfig profile = shared_.with_profile(name);
    bool seen = std::find(visited_.begin(), visited_.end(), name) != visited_.end();
    // A profile may name itself to assume a role with its own keys; any other repeat loops.
    if (seen && !(name == parent && has_static_keys(profile))) {
      return failed(
          "source_profile chain " + describe_chain(visited_, name) +
          " is a cycle; a profile may name itself as source_profile only when it has keys");
    }
    if (has_static_keys(profile)) {
      Result<Credentials> keys = static_profile_keys(profile);
      if (!keys.ok()) return keys.error();
      return ProviderPtr(std::make_unique<StaticCredentialsProvider>(std::move(keys)));
    }
    if (is_role_profile(profile)) return role(name);
    return ProviderPtr(std::make_unique<CredentialsChain>(
        profile_providers(env_, /*web_identity_from_environment=*/false, profile, sts_),
        "source profile '" + name + "' (named by profile '" + parent + "') has no credentials"));
  }

  Result<ProviderPtr> from_credential_source(const std::string& where, const std::string& source) {
    if (source == "Environment") {
      return ProviderPtr(
          std::make_unique<StaticCredentialsProvider>(environment_credentials(env_)));
    }
    if (source == "Ec2InstanceMetadata") {
      return ProviderPtr(std::make_unique<InstanceMetadataCredentialsProvider>(metadata_));
    }
    if (source == "EcsContainer")
      return ProviderPtr(std::make_unique<ContainerCredentialsProvider>(env_));
    return failed(where + ": credential_source '" + source +
                  "' is not one of Environment, Ec2InstanceMetadata, EcsContainer");
  }

  const Environment& env_;
  const SharedConfig& shared_;
  std::shared_ptr<InstanceMetadataClient> metadata_;
  const Result<StsEndpoint>& sts_;
  std::vector<std::string> visited_;
};

}  // namespace

std::unique_ptr<CredentialsProvider> role_profile_provider(
    const Environment& env, const SharedConfig& shared,
    std::shared_ptr<InstanceMetadataClient> metadata, const Result<StsEndpoint>& sts) {
  if (!is_role_profile(shared)) {
    return failing(not_found("assume role: profile '" + shared.profile() + "' has no role_arn"));
  }
  return RoleResolver(env, shared, std::move(metadata), sts).role(shared.profile());
}

std::vector<std::unique_ptr<CredentialsProvider>> profile_providers(
    const Environment& env, bool web_identity_from_environment, const SharedConfig& shared,
    const Result<StsEndpoint>& sts) {
  std::vector<ProviderPtr> providers;
  WebIdentitySettings web_identity =
      web_identity_settings(web_identity_from_environment ? &env : nullptr, shared);
  if (web_identity.token_file && !sts.ok()) {
    providers.push_back(failing(failed("web identity: " + sts.error().message)));
  } else if (web_identity.token_file) {
    providers.push_back(
        std::make_unique<WebIdentityProvider>(std::move(web_identity), StsClient(sts.value())));
  } else {
    providers.push_back(failing(not_found(
        "web identity: AWS_WEB_IDENTITY_TOKEN_FILE and web_identity_token_file not set")));
  }
  providers.push_back(SsoCredentialsProvider::from_profile(env, shared));
  providers.push_back(std::make_unique<StaticCredentialsProvider>(
      profile_credentials(shared, ProfileFile::kCredentials)));
  providers.push_back(std::make_unique<ProcessCredentialsProvider>(shared));
  providers.push_back(std::make_unique<StaticCredentialsProvider>(
      profile_credentials(shared, ProfileFile::kConfig)));
  return providers;
}

}  // namespace hoist::config

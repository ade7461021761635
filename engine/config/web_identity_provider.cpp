#include "engine/config/web_identity_provider.h"

#include <fstream>
#include <sstream>
#include <utility>

#include "engine/config/text.h"

namespace hoist::config {
namespace {

std::optional<Setting> first_setting(const Environment* env, std::string_view variable,
                                     const SharedConfig& shared, std::string_view key) {
  if (env != nullptr) {
    if (std::optional<std::string> value = env->get(variable))
      return Setting{*value, std::string(variable)};
  }
  std::optional<Setting> setting = shared.get(key);
  if (setting && setting->value.empty()) return std::nullopt;
  return setting;
}

}  // namespace

WebIdentitySettings web_identity_settings(const Environment* env, const SharedConfig& shared) {
  WebIdentitySettings settings;
  settings.token_file =
      first_setting(env, "AWS_WEB_IDENTITY_TOKEN_FILE", shared, "web_identity_token_file");
  settings.role_arn = first_setting(env, "AWS_ROLE_ARN", shared, "role_arn");
  settings.role_session_name =
      first_setting(env, "AWS_ROLE_SESSION_NAME", shared, "role_session_name");
  return settings;
}

WebIdentityProvider::WebIdentityProvider(WebIdentitySettings settings, StsClient sts)
    : settings_(std::move(settings)), sts_(std::move(sts)) {}

Result<Credentials> WebIdentityProvider::fetch() {
  if (!settings_.token_file) {
    return not_found(
        "web identity: AWS_WEB_IDENTITY_TOKEN_FILE and web_identity_token_file not set");
  }
  const Setting& file = *settings_.token_file;
  if (!settings_.role_arn) {
    return failed("web identity: a token file is set (" + file.source +
                  ") but no role: set AWS_ROLE_ARN or role_arn");
  }
  std::ifstream in(file.value, std::ios::binary);
  std::ostringstream text;
  if (!(in && text << in.rdbuf())) {
    return failed("web identity: cannot read the token file " + file.value + " (from " +
                  file.source + ")");
  }
  std::string token(trim(text.str()));
  if (token.empty()) return failed("web identity: the token file " + file.value + " is empty");

  AssumeRoleParameters parameters;
  parameters.role_arn = settings_.role_arn->value;
  if (settings_.role_session_name)
    parameters.role_session_name = settings_.role_session_name->value;
  Result<Credentials> credentials =
      sts_.assume_role_with_web_identity(token, parameters, kSourceWebIdentity);
  if (!credentials.ok()) return failed("web identity: " + credentials.error().message);
  return credentials;
}

}  // namespace hoist::config

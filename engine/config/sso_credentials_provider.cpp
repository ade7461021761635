#include "engine/config/sso_credentials_provider.h"

#include <nlohmann/json.hpp>
#include <utility>

#include "engine/config/credentials_json.h"
#include "engine/config/endpoint_url.h"
#include "engine/config/sso_token.h"
#include "sigv4/uri_encode.h"

namespace hoist::config {
namespace {

using Clock = std::chrono::system_clock;

std::string login_hint(const std::string& profile) {
  return "run `aws sso login --profile " + profile + "` to sign in again";
}

std::string value_of(const std::optional<Setting>& setting) {
  return setting ? setting->value : std::string();
}

// The configured URL for `service`, else AWS's own for the SSO region.
Result<std::string> service_url(std::string_view service, const Environment& env,
                                const SharedConfig& shared, const std::string& aws_url) {
  Result<std::optional<Setting>> configured = configured_service_endpoint(service, env, shared);
  if (!configured.ok()) return configured.error();
  return configured.value() ? configured.value()->value : aws_url;
}

std::string without_trailing_slash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace

Result<std::optional<SsoSettings>> sso_settings(const SharedConfig& shared) {
  SsoSettings settings;
  settings.profile = shared.profile();
  settings.session_name = value_of(shared.get("sso_session"));
  std::string where = "profile '" + shared.profile() + "'";
  if (!settings.session_name.empty()) {
    const IniSection* session = shared.sso_session(settings.session_name);
    if (session == nullptr) {
      return failed(where + " names sso_session '" + settings.session_name + "', but " +
                    shared.config_path() + " has no [sso-session " + settings.session_name + "]");
    }
    settings.start_url = session->get("sso_start_url").value_or(std::string());
    settings.region = session->get("sso_region").value_or(std::string());
    where += " (sso-session '" + settings.session_name + "')";
  } else {
    settings.start_url = value_of(shared.get("sso_start_url"));
    if (settings.start_url.empty()) return std::optional<SsoSettings>();
    settings.region = value_of(shared.get("sso_region"));
  }
  settings.account_id = value_of(shared.get("sso_account_id"));
  settings.role_name = value_of(shared.get("sso_role_name"));
  std::string missing;
  for (auto [name, value] :
       {std::pair<const char*, const std::string*>{"sso_start_url", &settings.start_url},
        {"sso_region", &settings.region},
        {"sso_account_id", &settings.account_id},
        {"sso_role_name", &settings.role_name}}) {
    if (value->empty()) missing += std::string(missing.empty() ? "" : ", ") + name;
  }
  if (!missing.empty()) return failed(where + " is missing SSO settings: " + missing);
  return std::optional<SsoSettings>(std::move(settings));
}

std::unique_ptr<SsoCredentialsProvider> SsoCredentialsProvider::from_profile(
    const Environment& env, const SharedConfig& shared) {
  Result<std::optional<SsoSettings>> settings = sso_settings(shared);
  Options options;
  if (std::optional<std::string> home = env.home_directory())
    options.cache_directory = *home + "/.aws/sso/cache";
  if (settings.ok() && settings.value()) {
    const std::string& region = settings.value()->region;
    Result<std::string> portal =
        service_url("sso", env, shared, "https://portal.sso." + region + ".amazonaws.com");
    Result<std::string> oidc =
        service_url("sso_oidc", env, shared, "https://oidc." + region + ".amazonaws.com");
    if (!portal.ok()) settings = portal.error();
    if (!oidc.ok()) settings = oidc.error();
    if (portal.ok() && oidc.ok()) {
      options.portal_url = without_trailing_slash(portal.value());
      options.oidc_url = without_trailing_slash(oidc.value());
    }
  }
  return std::make_unique<SsoCredentialsProvider>(std::move(settings), std::move(options));
}

SsoCredentialsProvider::SsoCredentialsProvider(Result<std::optional<SsoSettings>> settings,
                                               Options options)
    : settings_(std::move(settings)), options_(std::move(options)) {}

Result<std::string> SsoCredentialsProvider::access_token(const SsoSettings& settings) {
  if (options_.cache_directory.empty()) {
    return failed("profile '" + settings.profile + "': no home directory, so no SSO token cache");
  }
  const std::string& key =
      settings.session_name.empty() ? settings.start_url : settings.session_name;
  std::string path = options_.cache_directory + "/" + sso_cache_key(key) + ".json";
  Result<SsoToken> token = read_sso_token(path);
  if (!token.ok()) {
    if (is_not_found(token.error())) {
      return failed("profile '" + settings.profile + "': no SSO token cached (" + path + "); " +
                    login_hint(settings.profile));
    }
    return failed("profile '" + settings.profile + "': " + token.error().message + "; " +
                  login_hint(settings.profile));
  }
  Clock::time_point now = options_.clock();
  if (!sso_token_needs_refresh(token.value(), now)) return token->access_token;

  std::string refresh_failure;
  if (sso_token_refreshable(token.value(), now)) {
    Result<SsoToken> refreshed =
        refresh_sso_token(token.value(), options_.oidc_url, options_.timeouts, now);
    if (refreshed.ok()) {
      // A cache we cannot update still leaves a token that works for this run.
      (void)write_sso_token(path, refreshed.value());
      return refreshed->access_token;
    }
    refresh_failure = " (refreshing it failed: " + refreshed.error().message + ")";
  } else {
    refresh_failure =
        " and cannot be refreshed (no refresh token, or the client registration expired)";
  }
  if (now < token->expires_at) return token->access_token;
  return failed("profile '" + settings.profile + "': the SSO token cached in " + path +
                " has expired" + refresh_failure + "; " + login_hint(settings.profile));
}

Result<Credentials> SsoCredentialsProvider::fetch() {
  if (!settings_.ok()) return settings_.error();
  if (!settings_.value()) return not_found("sso: the profile has no sso_session or sso_start_url");
  const SsoSettings& settings = *settings_.value();
  Result<std::string> token = access_token(settings);
  if (!token.ok()) return token.error();

  std::string url = options_.portal_url + "/federation/credentials?account_id=" +
                    sigv4::uri_encode(settings.account_id, true) +
                    "&role_name=" + sigv4::uri_encode(settings.role_name, true);
  http::Request request;
  request.url = url;
  request.headers.emplace_back("x-amz-sso_bearer_token", token.value());
  http::Outcome outcome = send_service_request(std::move(request), options_.timeouts);
  std::string what = "profile '" + settings.profile + "': SSO GetRoleCredentials for role " +
                     settings.role_name + " in account " + settings.account_id;
  if (outcome.error) return failed(what + ": " + describe_failure(url, outcome));
  if (outcome.response.status == 401 || outcome.response.status == 403) {
    return failed(what + ": the SSO session is no longer valid (HTTP " +
                  std::to_string(outcome.response.status) + "); " + login_hint(settings.profile));
  }
  if (outcome.response.status != 200) return failed(what + ": " + describe_failure(url, outcome));

  Result<nlohmann::json> document = parse_json_object(outcome.response.body, what);
  if (!document.ok()) return document.error();
  auto role = document->find("roleCredentials");
  if (role == document->end() || !role->is_object())
    return failed(what + ": no roleCredentials in the answer");
  Credentials credentials;
  credentials.source = std::string(kSourceSso);
  for (auto [name, field] :
       {std::pair<const char*, std::string*>{"accessKeyId", &credentials.access_key_id},
        {"secretAccessKey", &credentials.secret_access_key},
        {"sessionToken", &credentials.session_token}}) {
    auto it = role->find(name);
    if (it == role->end() || !it->is_string() || it->get<std::string>().empty()) {
      return failed(what + ": roleCredentials." + name + " is missing");
    }
    *field = it->get<std::string>();
  }
  auto expiration = role->find("expiration");
  if (expiration == role->end() || !expiration->is_number_integer()) {
    return failed(what + ": roleCredentials.expiration is missing");
  }
  credentials.expiration = Clock::time_point(std::chrono::milliseconds(expiration->get<int64_t>()));
  return credentials;
}

}  // namespace hoist::config

// SsoToken: the IAM Identity Center (SSO) access token that `aws sso login` caches in
// ~/.aws/sso/cache/<sha1 hex>.json, and how hoist keeps it usable: read it, decide whether it
// must be refreshed, refresh it through SSO OIDC CreateToken (grant_type refresh_token) while
// the client registration lasts, and write the refreshed token back atomically so that
// aws-cli and hoist keep sharing one cache.
//
// The cache file name is the SHA-1 of the sso-session's name, or, for the legacy form with
// sso_start_url in the profile, of the start URL. The document, as aws-cli writes it:
//   {"startUrl", "region", "accessToken", "expiresAt": "<ISO 8601>",
//    "clientId", "clientSecret", "registrationExpiresAt", "refreshToken"}
// (the last four only for sso-session logins). Fields hoist does not use are kept.
//
// Any thread may call these; nothing here prints a token or the client secret.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "engine/config/result.h"
#include "engine/config/service_request.h"

namespace hoist::config {

// Refresh a token that expires within this window, as botocore does, so a long run does not
// start with a token about to lapse.
inline constexpr std::chrono::seconds kSsoTokenRefreshWindow{15 * 60};

struct SsoToken {
  std::string access_token;
  std::chrono::system_clock::time_point expires_at;
  // The client registration and refresh token; empty when the login gave none.
  std::string refresh_token;
  std::string client_id;
  std::string client_secret;
  std::optional<std::chrono::system_clock::time_point> registration_expires_at;
  std::string document;  // the file as read, so that a rewrite keeps what we do not parse
};

// Lowercase hex SHA-1 of `session_name_or_start_url`: the cache file's name without ".json".
std::string sso_cache_key(std::string_view session_name_or_start_url);

// <home>/.aws/sso/cache/<sso_cache_key(...)>.json
std::string sso_cache_path(std::string_view home, std::string_view session_name_or_start_url);

// The token cached at `path`. not_found when there is no file; failed when it is unreadable
// or lacks accessToken or a valid expiresAt.
Result<SsoToken> read_sso_token(const std::string& path);

// Writes `token` to `path` through a temporary file and a rename, mode 0600, so a reader
// (another hoist, aws-cli) sees the old or the new token, never half of one.
std::optional<Error> write_sso_token(const std::string& path, const SsoToken& token);

// True when the token is expired or expires within kSsoTokenRefreshWindow of `now`.
bool sso_token_needs_refresh(const SsoToken& token, std::chrono::system_clock::time_point now);

// True when CreateToken may be tried: a refresh token and client registration are cached and
// the registration has not expired.
bool sso_token_refreshable(const SsoToken& token, std::chrono::system_clock::time_point now);

// SSO OIDC CreateToken at `oidc_url` (scheme://host[:port], "/token" is appended) with the
// token's refresh token: the new token, registration carried over. Fails with the service's
// error code (invalid_grant, ...) or the transport failure.
// REQUIRES: sso_token_refreshable(token, now).
Result<SsoToken> refresh_sso_token(const SsoToken& token, const std::string& oidc_url,
                                   const ServiceTimeouts& timeouts,
                                   std::chrono::system_clock::time_point now);

}  // namespace hoist::config

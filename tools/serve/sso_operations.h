// The IAM Identity Center (SSO) side of `hoist serve`, so SSO profiles can be tested end to
// end against the one local endpoint:
//   GET /federation/credentials?role_name=..&account_id=..   the SSO portal's
//       GetRoleCredentials, with the access token in x-amz-sso_bearer_token; answers
//       {"roleCredentials": {accessKeyId, secretAccessKey, sessionToken, expiration (ms)}}
//       with IssuedCredentials, or 401 UnauthorizedException for a token it does not know.
//   POST /token   SSO OIDC CreateToken, grantType "refresh_token" only: a new access token
//       (which the portal then accepts) and a rotated refresh token.
// Access tokens are known from serve's --sso-token (what `aws sso login` would have cached)
// or from CreateToken. There is no device authorization flow, so no refresh token was ever
// issued here: CreateToken accepts any non-empty one with a clientId and clientSecret.
//
// Thread-safe: one SsoService serves every connection thread.
#pragma once

#include <chrono>
#include <set>
#include <string>
#include <vector>

#include "base/mutex.h"
#include "tools/serve/exchange.h"
#include "tools/serve/http_response.h"
#include "tools/serve/issued_credentials.h"

namespace hoist::serve {

class SsoService {
 public:
  // How long CreateToken's access tokens live (expiresIn), as the real service.
  static constexpr std::chrono::seconds kAccessTokenLifetime{3600};

  // REQUIRES: `issued` outlives the service.
  SsoService(std::vector<std::string> access_tokens, IssuedCredentials& issued);

  // GET /federation/credentials with an x-amz-sso_bearer_token header.
  static bool is_get_role_credentials(const Exchange& exchange);
  // POST /token with a JSON body.
  static bool is_create_token(const Exchange& exchange);

  HttpResponse get_role_credentials(const Exchange& exchange,
                                    std::chrono::system_clock::time_point now);
  // The body is exchange.buffered.
  HttpResponse create_token(const Exchange& exchange);

 private:
  bool knows(const std::string& access_token) const EXCLUDES(mutex_);

  IssuedCredentials& issued_;
  mutable base::Mutex mutex_;
  std::set<std::string, std::less<>> access_tokens_ GUARDED_BY(mutex_);
};

}  // namespace hoist::serve

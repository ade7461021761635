// The STS side of `hoist serve`: the Query API's AssumeRole and AssumeRoleWithWebIdentity,
// POSTed to "/" as a form body (Action=AssumeRole&Version=2011-06-15&RoleArn=...), so that
// role profiles and web identity setups can be tested end to end against the one local
// endpoint. The credentials handed out are IssuedCredentials, which the server then accepts
// for S3 requests until they expire.
//
// What it checks, as STS does: AssumeRole must be SigV4-signed for service "sts" by
// credentials the server accepts (its own, or issued ones: role chaining); a web identity
// request is unsigned and needs a non-empty WebIdentityToken (hoist serve trusts any token:
// there is no identity provider to check it against). RoleArn and a RoleSessionName of 2-64
// characters are required; DurationSeconds is 900 to 43200. Errors are STS's
// <ErrorResponse> XML.
//
// Any thread may call these, one exchange at a time.
#pragma once

#include <chrono>

#include "tools/serve/authenticator.h"
#include "tools/serve/exchange.h"
#include "tools/serve/http_response.h"
#include "tools/serve/issued_credentials.h"

namespace hoist::serve {

// True for a request the STS endpoint answers: POST / with a form-encoded body.
bool is_sts_request(const Exchange& exchange);

// The answer to the STS request whose whole body is exchange.buffered.
HttpResponse sts_action(const Exchange& exchange, Authenticator& authenticator,
                        IssuedCredentials& issued, std::chrono::system_clock::time_point now);

}  // namespace hoist::serve

// StsClient: the two AWS STS calls that turn one identity into temporary credentials for a
// role: AssumeRole (SigV4-signed with the source credentials) and AssumeRoleWithWebIdentity
// (unsigned; an OIDC token from the identity provider, e.g. a Kubernetes service account,
// proves the identity). Both use STS's Query API: a form POST answered with XML.
//
// Used by the assume-role and web-identity providers on whichever thread refreshes
// credentials; every call is independent (service_request.h), so any thread may call them.
// Nothing here prints the secrets it handles: error messages carry STS's error code and
// message with the web identity token scrubbed from them.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "engine/config/credentials.h"
#include "engine/config/environment.h"
#include "engine/config/result.h"
#include "engine/config/service_request.h"
#include "engine/config/setting.h"
#include "engine/config/shared_config.h"

namespace hoist::config {

// Where STS requests go and the region they are signed for.
struct StsEndpoint {
  std::string url;     // scheme://host[:port][/path]
  std::string source;  // where the URL came from, for --debug and error messages
  std::string region;
};

// The STS endpoint as the AWS CLI picks it: configured_service_endpoint("sts", ...) (so
// AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL, the [services] section, the profile's endpoint_url),
// else the regional endpoint https://sts.<region>.amazonaws.com (.amazonaws.com.cn in China).
Result<StsEndpoint> resolve_sts_endpoint(const Environment& env, const SharedConfig& shared,
                                         const std::string& region);

struct AssumeRoleParameters {
  std::string role_arn;
  std::string role_session_name;        // empty: default_role_session_name()
  std::string external_id;              // empty: not sent
  std::optional<int> duration_seconds;  // nullopt: STS's default (one hour)
};

// "hoist-session-<unix time>": what a session is called when the profile does not say, in the
// spirit of the AWS CLI's "botocore-session-<unix time>".
std::string default_role_session_name(std::chrono::system_clock::time_point now);

class StsClient {
 public:
  struct Options {
    StsEndpoint endpoint;
    // STS is a real AWS service over the internet, not a link-local agent: allow it time.
    ServiceTimeouts timeouts{std::chrono::milliseconds(5000), std::chrono::milliseconds(30000)};
  };

  explicit StsClient(Options options) : options_(std::move(options)) {}
  // Default timeouts.
  explicit StsClient(StsEndpoint endpoint) { options_.endpoint = std::move(endpoint); }

  // Credentials of `parameters.role_arn`, labelled `source`, for a request signed with
  // `caller`. Fails with STS's error code and message (AccessDenied, ...), or the transport
  // failure, naming the role.
  Result<Credentials> assume_role(const sigv4::Credentials& caller,
                                  const AssumeRoleParameters& parameters,
                                  std::string_view source) const;

  // The same for an unsigned AssumeRoleWithWebIdentity carrying `web_identity_token`.
  Result<Credentials> assume_role_with_web_identity(const std::string& web_identity_token,
                                                    const AssumeRoleParameters& parameters,
                                                    std::string_view source) const;

  const StsEndpoint& endpoint() const { return options_.endpoint; }

 private:
  Result<Credentials> call(std::string_view action, const std::string& body,
                           const sigv4::Credentials* caller, const AssumeRoleParameters& parameters,
                           std::string_view source, std::string_view secret_to_scrub) const;

  Options options_;
};

// Credentials from the XML STS answers <action> with (AssumeRoleResponse/AssumeRoleResult/
// Credentials/{AccessKeyId,SecretAccessKey,SessionToken,Expiration}), labelled `source`.
// Exposed for tests. Errors name `what`, never a value.
Result<Credentials> parse_sts_credentials(std::string_view body, std::string_view action,
                                          std::string_view what, std::string_view source);

// "<Code>: <Message>" of an STS <ErrorResponse>, or nullopt when `body` is not one.
std::optional<std::string> parse_sts_error(std::string_view body);

}  // namespace hoist::config

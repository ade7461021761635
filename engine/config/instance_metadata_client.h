// InstanceMetadataClient: reads the EC2 instance metadata service (IMDS) the IMDSv2 way:
// PUT /latest/api/token for a session token, then every GET carries it in
// X-aws-ec2-metadata-token. One client is shared by the credentials provider and the
// region lookup, so an instance fetches one token and a machine that is not on EC2 waits
// for one timeout, not one per question.
//
// Thread-safe: get() may be called from any thread (calls are serialized).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "base/mutex.h"
#include "engine/config/environment.h"
#include "engine/config/result.h"
#include "engine/config/service_request.h"
#include "engine/config/shared_config.h"

namespace hoist::config {

class InstanceMetadataClient {
 public:
  struct Options {
    std::string endpoint = "http://169.254.169.254";  // scheme://host[:port], no trailing '/'
    bool disabled = false;                            // never send anything
    bool allow_v1 = true;  // without a token, fall back to plain GETs (IMDSv1)
    std::chrono::seconds token_ttl{21600};
    ServiceTimeouts timeouts{std::chrono::milliseconds(1000), std::chrono::milliseconds(1000)};
  };

  // Options as the AWS CLI derives them:
  //   AWS_EC2_METADATA_DISABLED=true                   disabled
  //   AWS_EC2_METADATA_SERVICE_ENDPOINT, else the profile's ec2_metadata_service_endpoint
  //   AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE / ec2_metadata_service_endpoint_mode = IPv6
  //                                                    http://[fd00:ec2::254]
  //   AWS_EC2_METADATA_V1_DISABLED / ec2_metadata_v1_disabled = true   no IMDSv1 fallback
  // `shared` may be null (no profile settings).
  static Options options_from(const Environment& env, const SharedConfig* shared);

  explicit InstanceMetadataClient(Options options);

  // The body of GET <endpoint><path>. Every failure is not_found, with a message naming the
  // URL and the reason: the metadata service is the last place anything is looked for, and
  // its absence is normal off EC2. After a transport failure (nothing listening, timeout)
  // later calls fail at once with the same error instead of waiting again.
  // REQUIRES: path starts with '/'.
  Result<std::string> get(std::string_view path);

  const Options& options() const { return options_; }

 private:
  // The session token, fetching it if there is none or it is about to expire; nullopt when
  // the service does not do IMDSv2 and IMDSv1 is allowed.
  Result<std::optional<std::string>> session_token() REQUIRES(mutex_);
  http::Outcome send(http::Request request);
  Error unavailable(const std::string& url, const http::Outcome& outcome) REQUIRES(mutex_);

  Options options_;
  base::Mutex mutex_;
  std::optional<std::string> token_ GUARDED_BY(mutex_);
  std::chrono::steady_clock::time_point token_expires_ GUARDED_BY(mutex_);
  std::optional<Error> unreachable_ GUARDED_BY(mutex_);
};

}  // namespace hoist::config

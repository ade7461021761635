// CredentialsProvider: one place credentials may come from (the environment, a profile, a
// child process, the container agent, the EC2 instance metadata service). Providers are
// combined by CredentialsChain and cached by RefreshingCredentials; nothing else should need
// to call fetch() directly.
//
// Providers are not thread-safe: RefreshingCredentials serializes every fetch().
#pragma once

#include "engine/config/credentials.h"
#include "engine/config/result.h"

namespace hoist::config {

class CredentialsProvider {
 public:
  virtual ~CredentialsProvider() = default;

  // Fetches credentials now; may block on files, a child process or the network.
  // Error::not_found when this source is not configured (the message says where it looked,
  // for the chain's "no credentials" summary); Error::failed when it is configured but
  // could not deliver (the message says why, and never quotes a secret).
  virtual Result<Credentials> fetch() = 0;
};

}  // namespace hoist::config

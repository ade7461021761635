// Credentials: the AWS key pair, and for temporary (STS) keys the session token, that a
// request is signed with. Plain data, filled by whoever resolves credentials (environment,
// profile, instance metadata) and handed to sign() or presign_url().
//
// There is deliberately no operator<< or to_string(): the secret must never reach a log line
// or an error message by accident. Name a key by access_key_id alone.
#pragma once

#include <string>

namespace hoist::sigv4 {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty for long-term keys
};

}  // namespace hoist::sigv4

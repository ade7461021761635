// IssuedCredentials: the temporary credentials `hoist serve` has handed out through its STS
// (AssumeRole, AssumeRoleWithWebIdentity) and SSO portal (GetRoleCredentials) endpoints,
// remembered so that the Authenticator accepts requests signed with them, with their session
// token, until they expire; after that S3 answers ExpiredToken. Kept in memory: a restarted
// server forgets them, as it would after their expiry anyway.
//
// Thread-safe: every connection thread may issue and look up at once.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>

#include "base/mutex.h"
#include "sigv4/credentials.h"

namespace hoist::serve {

class IssuedCredentials {
 public:
  using Clock = std::chrono::system_clock;

  struct Temporary {
    sigv4::Credentials credentials;  // with a session token
    Clock::time_point expiration;
  };

  // `max_lifetime` caps how long any issued credentials live (serve's --sts-duration).
  explicit IssuedCredentials(std::chrono::seconds max_lifetime) : max_lifetime_(max_lifetime) {}

  // New random credentials that expire at now + min(requested or one hour, max_lifetime).
  Temporary issue(std::optional<std::chrono::seconds> requested, Clock::time_point now);

  // The credentials issued with this access key id, expired or not; nullopt if none were.
  std::optional<Temporary> find(const std::string& access_key_id) const;

 private:
  const std::chrono::seconds max_lifetime_;
  mutable base::Mutex mutex_;
  std::map<std::string, Temporary, std::less<>> issued_ GUARDED_BY(mutex_);
};

}  // namespace hoist::serve

// SigningKeyCache keeps the signing keys derived for the last few (credentials, date, region,
// service) combinations, so that signing a request costs one HMAC instead of five. Keys are
// looked up by the full credentials, so rotated or refreshed credentials simply miss.
//
// Thread-safe: a short mutex guards the entries. The intended use is one cache per signing
// thread (next to its event loop), where the lock is never contended.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/mutex.h"
#include "sigv4/credentials.h"
#include "sigv4/scope.h"
#include "sigv4/signing_key.h"

namespace hoist::sigv4 {

class SigningKeyCache {
 public:
  SigningKeyCache() = default;
  // Wipes the keys and the copies of the secrets it holds.
  ~SigningKeyCache();
  SigningKeyCache(const SigningKeyCache&) = delete;
  SigningKeyCache& operator=(const SigningKeyCache&) = delete;

  // The signing key for these credentials on `date` ("YYYYMMDD") in `scope`; derived on a
  // miss, evicting the least recently used entry when full.
  SigningKey get(const Credentials& credentials, std::string_view date, const Scope& scope);

  // How many keys get() has had to derive: the misses.
  uint64_t derivations() const;

  // Entries kept at most. A process signs for one or two scopes at a time; a few more cover
  // the midnight date change and a credential refresh.
  static constexpr size_t kCapacity = 4;

 private:
  struct Entry {
    bool used = false;
    uint64_t last_use = 0;
    std::string access_key_id;
    std::string secret_access_key;
    std::string date;
    std::string region;
    std::string service;
    SigningKey key{};
  };

  static void wipe(Entry* entry);

  mutable base::Mutex mutex_;
  std::array<Entry, kCapacity> entries_ GUARDED_BY(mutex_);
  uint64_t clock_ GUARDED_BY(mutex_) = 0;
  uint64_t derivations_ GUARDED_BY(mutex_) = 0;
};

// The signing key from `cache`, or freshly derived when cache is null.
SigningKey signing_key(const Credentials& credentials, std::string_view date, const Scope& scope,
                       SigningKeyCache* cache);

}  // namespace hoist::sigv4

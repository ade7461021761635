// RefreshingCredentials: the one object every request-signing thread asks for credentials.
// It hands out cached credentials and fetches new ones from its provider shortly before the
// cached ones expire, so a long transfer never signs with keys that die mid-request.
//
// Thread-safe. A fetch holds the lock, so threads that arrive meanwhile wait for its result
// rather than starting fetches of their own.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

#include "base/mutex.h"
#include "engine/config/credentials_provider.h"

namespace hoist::config {

class RefreshingCredentials {
 public:
  using Clock = std::function<std::chrono::system_clock::time_point()>;

  struct Options {
    // Credentials this close to their Expiration are refreshed before being handed out.
    std::chrono::seconds refresh_margin{std::chrono::minutes(5)};
    // After a failed refresh, still-valid credentials are handed out and the next attempt
    // waits this long, so a flaky credentials service is not hammered by every request.
    std::chrono::seconds retry_interval{10};
    Clock clock = [] { return std::chrono::system_clock::now(); };
  };

  // REQUIRES: provider != nullptr.
  explicit RefreshingCredentials(std::unique_ptr<CredentialsProvider> provider);
  RefreshingCredentials(std::unique_ptr<CredentialsProvider> provider, Options options);

  // Credentials that are valid now, fetching when there are none yet or the cached ones are
  // within refresh_margin of expiring. Fails only when no valid credentials can be had.
  Result<Credentials> get();

 private:
  bool fresh(const Credentials& credentials, std::chrono::system_clock::time_point now) const;

  std::unique_ptr<CredentialsProvider> provider_;
  Options options_;
  base::Mutex mutex_;
  std::optional<Credentials> cached_ GUARDED_BY(mutex_);
  std::chrono::system_clock::time_point next_attempt_ GUARDED_BY(mutex_){};
};

}  // namespace hoist::config

#include "engine/config/refreshing_credentials.h"

#include <utility>

namespace hoist::config {

RefreshingCredentials::RefreshingCredentials(std::unique_ptr<CredentialsProvider> provider)
    : RefreshingCredentials(std::move(provider), Options()) {}

RefreshingCredentials::RefreshingCredentials(std::unique_ptr<CredentialsProvider> provider,
                                             Options options)
    : provider_(std::move(provider)), options_(std::move(options)) {}

bool RefreshingCredentials::fresh(const Credentials& credentials,
                                  std::chrono::system_clock::time_point now) const {
  return !credentials.expiration || now + options_.refresh_margin < *credentials.expiration;
}

Result<Credentials> RefreshingCredentials::get() {
  base::MutexLock lock(mutex_);
  auto now = options_.clock();
  if (cached_ && fresh(*cached_, now)) return *cached_;

  bool still_valid = cached_ && now < *cached_->expiration;
  if (still_valid && now < next_attempt_) return *cached_;
  next_attempt_ = now + options_.retry_interval;

  Result<Credentials> result = provider_->fetch();
  if (result.ok()) {
    cached_ = result.value();
    return result;
  }
  if (still_valid) return *cached_;
  return result;
}

}  // namespace hoist::config

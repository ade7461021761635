#include "tools/serve/issued_credentials.h"

#include <algorithm>
#include <cctype>

#include "tools/serve/store_random_id.h"

namespace hoist::serve {
namespace {

// How long STS credentials live when the request does not say: its documented default.
constexpr std::chrono::seconds kDefaultLifetime{3600};

// How long an expired entry is kept, so a late request gets ExpiredToken rather than
// InvalidAccessKeyId; then it is dropped so a long-running server does not grow.
constexpr std::chrono::hours kForgetAfter{24};

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return std::toupper(c); });
  return text;
}

}  // namespace

IssuedCredentials::Temporary IssuedCredentials::issue(std::optional<std::chrono::seconds> requested,
                                                      Clock::time_point now) {
  Temporary temporary;
  // "ASIA" marks temporary access key ids at AWS; tools such as aws-cli print it.
  temporary.credentials.access_key_id = "ASIA" + upper(random_hex_id(8));
  temporary.credentials.secret_access_key = random_hex_id(20);
  temporary.credentials.session_token = "hoist-session-" + random_hex_id(32);
  temporary.expiration = std::chrono::time_point_cast<std::chrono::seconds>(
      now + std::min(requested.value_or(kDefaultLifetime), max_lifetime_));

  base::MutexLock lock(mutex_);
  std::erase_if(issued_,
                [now](const auto& entry) { return entry.second.expiration + kForgetAfter < now; });
  issued_[temporary.credentials.access_key_id] = temporary;
  return temporary;
}

std::optional<IssuedCredentials::Temporary> IssuedCredentials::find(
    const std::string& access_key_id) const {
  base::MutexLock lock(mutex_);
  auto it = issued_.find(access_key_id);
  if (it == issued_.end()) return std::nullopt;
  return it->second;
}

}  // namespace hoist::serve

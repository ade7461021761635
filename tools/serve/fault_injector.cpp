#include "tools/serve/fault_injector.h"

namespace hoist::serve {

Fault FaultInjector::next() {
  if (rate_ <= 0) return Fault::kNone;
  std::lock_guard lock(mu_);
  std::uniform_real_distribution<double> chance(0.0, 1.0);
  if (chance(rng_) >= rate_) return Fault::kNone;
  constexpr Fault kinds[] = {Fault::kSlowDown, Fault::kInternalError, Fault::kReset,
                             Fault::kStall};
  return kinds[std::uniform_int_distribution<int>(0, 3)(rng_)];
}

bool PartAnswerHold::hold_next() {
  if (held_ == 0) return false;
  std::lock_guard lock(mu_);
  const uint64_t n = ++stored_;
  return !released_ && n > answered_first_ && n <= answered_first_ + held_;
}

void PartAnswerHold::wait() {
  std::unique_lock lock(mu_);
  released_cv_.wait(lock, [this] { return released_; });
}

void PartAnswerHold::release() {
  {
    std::lock_guard lock(mu_);
    released_ = true;
  }
  released_cv_.notify_all();
}

}  // namespace hoist::serve

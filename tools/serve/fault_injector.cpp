#include "tools/serve/fault_injector.h"

namespace hoist::serve {

Fault FaultInjector::next() {
  if (rate_ <= 0) return Fault::kNone;
  base::MutexLock lock(mu_);
  std::uniform_real_distribution<double> chance(0.0, 1.0);
  if (chance(rng_) >= rate_) return Fault::kNone;
  constexpr Fault kinds[] = {Fault::kSlowDown, Fault::kInternalError, Fault::kReset,
                             Fault::kStall};
  return kinds[std::uniform_int_distribution<int>(0, 3)(rng_)];
}

bool PartAnswerHold::hold_next() {
  if (held_ == 0) return false;
  base::MutexLock lock(mu_);
  const uint64_t n = ++stored_;
  return !released_ && n > answered_first_ && n <= answered_first_ + held_;
}

void PartAnswerHold::wait() {
  base::MutexLock lock(mu_);
  while (!released_) released_cv_.wait(mu_);
}

void PartAnswerHold::release() {
  {
    base::MutexLock lock(mu_);
    released_ = true;
  }
  released_cv_.notify_all();
}

}  // namespace hoist::serve

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

}  // namespace hoist::serve

#include "io/memory_budget.h"

#include <algorithm>

namespace hoist::io {

bool MemoryBudget::try_take(uint64_t bytes) {
  base::MutexLock lock(mutex_);
  if (bytes > cap_ - in_use_) return false;
  in_use_ += bytes;
  peak_ = std::max(peak_, in_use_);
  return true;
}

void MemoryBudget::give_back(uint64_t bytes) {
  {
    base::MutexLock lock(mutex_);
    in_use_ -= std::min(bytes, in_use_);
  }
  changed_.notify_all();
}

bool MemoryBudget::wait_for_room(uint64_t bytes, std::chrono::steady_clock::time_point deadline) {
  base::MutexLock lock(mutex_);
  const uint64_t wakes = wakes_;
  while (bytes > cap_ - in_use_ && wakes == wakes_) {
    if (deadline == std::chrono::steady_clock::time_point::max()) {
      changed_.wait(mutex_);
    } else if (!changed_.wait_until(mutex_, deadline)) {
      break;
    }
  }
  return bytes <= cap_ - in_use_;
}

void MemoryBudget::wake_all() {
  {
    base::MutexLock lock(mutex_);
    ++wakes_;
  }
  changed_.notify_all();
}

BudgetStats MemoryBudget::stats() const {
  base::MutexLock lock(mutex_);
  return BudgetStats{cap_, in_use_, peak_};
}

}  // namespace hoist::io

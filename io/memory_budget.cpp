#include "io/memory_budget.h"

#include <algorithm>
#include <utility>

namespace hoist::io {

bool MemoryBudget::try_take(uint64_t bytes) {
  base::MutexLock lock(mutex_);
  if (bytes > cap_ - in_use_) {
    starved_ = true;
    return false;
  }
  in_use_ += bytes;
  peak_ = std::max(peak_, in_use_);
  return true;
}

void MemoryBudget::give_back(uint64_t bytes) {
  bool starved = false;
  {
    base::MutexLock lock(mutex_);
    in_use_ -= std::min(bytes, in_use_);
    starved = std::exchange(starved_, false);
  }
  changed_.notify_all();
  if (starved) {
    base::MutexLock lock(wakers_mutex_);
    for (auto& [id, waker] : wakers_) waker();
  }
}

uint64_t MemoryBudget::epoch() const {
  base::MutexLock lock(mutex_);
  return wakes_;
}

bool MemoryBudget::wait_for_room(uint64_t bytes, std::chrono::steady_clock::time_point deadline,
                                 uint64_t epoch) {
  base::MutexLock lock(mutex_);
  while (bytes > cap_ - in_use_ && epoch == wakes_) {
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

int MemoryBudget::add_waker(std::function<void()> waker) {
  base::MutexLock lock(wakers_mutex_);
  wakers_.emplace(next_waker_, std::move(waker));
  return next_waker_++;
}

void MemoryBudget::remove_waker(int id) {
  base::MutexLock lock(wakers_mutex_);
  wakers_.erase(id);
}

BudgetStats MemoryBudget::stats() const {
  base::MutexLock lock(mutex_);
  return BudgetStats{cap_, in_use_, peak_};
}

}  // namespace hoist::io

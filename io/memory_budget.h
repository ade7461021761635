// MemoryBudget: one cap on the part buffers of several BufferPools, so that the transfers of
// one Client, each with a pool of its own buffer size, never hold more than the Client's
// max_memory between them. A pool takes a buffer's bytes from the budget when it hands the
// buffer out and gives them back when it is released.
//
// Thread-safe: any thread may take and give back.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>

#include "base/mutex.h"

namespace hoist::io {

struct BudgetStats {
  uint64_t cap_bytes = 0;
  uint64_t in_use_bytes = 0;
  uint64_t peak_in_use_bytes = 0;  // most ever taken at once, across every pool
};

class MemoryBudget {
 public:
  explicit MemoryBudget(uint64_t cap_bytes) : cap_(cap_bytes) {}
  MemoryBudget(const MemoryBudget&) = delete;
  MemoryBudget& operator=(const MemoryBudget&) = delete;

  // Takes `bytes` when they fit under the cap; never waits.
  bool try_take(uint64_t bytes);
  // Gives bytes back; when a try_take() found no room since the last give_back, every
  // registered waker is called too (after the budget's lock is let go).
  void give_back(uint64_t bytes);
  // The count of wake_all() calls so far: read it (under the caller's own lock, after checking
  // its own cancel flag) before wait_for_room(), so a wake_all() in between is not missed.
  uint64_t epoch() const;
  // Waits until `bytes` would fit, `deadline` passes, or wake_all() is called after `epoch`
  // was read; true when they fit at the moment it returns (another thread may take them
  // first: try_take decides).
  bool wait_for_room(uint64_t bytes, std::chrono::steady_clock::time_point deadline,
                     uint64_t epoch);
  // Ends every wait_for_room() now (a pool was cancelled).
  void wake_all();

  // Threads that take buffers without waiting (the engine's workers, polling their event
  // loops) register a waker, so bytes another transfer gives back wake them at once instead
  // of at their next poll. remove_waker() returns once no call of that waker is running.
  int add_waker(std::function<void()> waker);
  void remove_waker(int id);

  uint64_t cap() const { return cap_; }
  BudgetStats stats() const;

 private:
  const uint64_t cap_;
  mutable base::Mutex mutex_;
  base::CondVar changed_;
  uint64_t in_use_ GUARDED_BY(mutex_) = 0;
  uint64_t peak_ GUARDED_BY(mutex_) = 0;
  uint64_t wakes_ GUARDED_BY(mutex_) = 0;    // wake_all() calls: the epoch
  bool starved_ GUARDED_BY(mutex_) = false;  // a try_take() failed since the last give_back

  // Held while wakers run, so that remove_waker() can wait for a call in progress.
  base::Mutex wakers_mutex_;
  std::map<int, std::function<void()>> wakers_ GUARDED_BY(wakers_mutex_);
  int next_waker_ GUARDED_BY(wakers_mutex_) = 0;
};

}  // namespace hoist::io

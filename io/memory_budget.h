// MemoryBudget: one cap on the part buffers of several BufferPools, so that the transfers of
// one Client, each with a pool of its own buffer size, never hold more than the Client's
// max_memory between them. A pool takes a buffer's bytes from the budget when it hands the
// buffer out and gives them back when it is released.
//
// Thread-safe: any thread may take and give back.
#pragma once

#include <chrono>
#include <cstdint>

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
  void give_back(uint64_t bytes);
  // Waits until `bytes` would fit, `deadline` passes, or wake_all() is called; true when they
  // fit at the moment it returns (another thread may take them first: try_take decides).
  bool wait_for_room(uint64_t bytes, std::chrono::steady_clock::time_point deadline);
  // Ends every wait_for_room() now (a pool was cancelled).
  void wake_all();

  uint64_t cap() const { return cap_; }
  BudgetStats stats() const;

 private:
  const uint64_t cap_;
  mutable base::Mutex mutex_;
  base::CondVar changed_;
  uint64_t in_use_ GUARDED_BY(mutex_) = 0;
  uint64_t peak_ GUARDED_BY(mutex_) = 0;
  uint64_t wakes_ GUARDED_BY(mutex_) = 0;  // wake_all() calls, so a waiter sees one it missed
};

}  // namespace hoist::io

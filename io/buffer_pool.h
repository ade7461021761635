// BufferPool: the memory every in-flight part lives in, under a hard cap. Buffers are one
// fixed size, 4096-byte aligned (good for O_DIRECT and io_uring fixed buffers), carved from
// one mapping made at construction; a released buffer is handed out again as is, so the
// steady state allocates nothing. When all are out, acquire() waits: that wait is how
// reading is held back while the network catches up.
//
// A pool may also draw on a MemoryBudget shared with other pools (the transfers of one
// Client): a buffer is handed out only when both the pool has one free and the budget has
// room for its bytes.
//
// Thread-safe: any thread may acquire and release (one mutex, O(1) under it). Threads that
// want no shared lock on the data path each own a pool with their slice of the cap.
#pragma once

#include <sys/uio.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "base/mutex.h"
#include "io/memory_budget.h"
#include "io/status.h"

namespace hoist::io {

struct PoolBuffer {
  char* data = nullptr;
  size_t size = 0;  // the pool's buffer_size()
  int index = -1;   // position in iovecs(): IoRequest::buffer_index when registered
};

struct PoolStats {
  size_t capacity_bytes = 0;      // buffer_size() * buffer_count(), never above the cap
  size_t in_use_bytes = 0;        // now
  size_t peak_in_use_bytes = 0;   // most ever out at once
  uint64_t acquisitions = 0;      // successful acquires of any kind
  uint64_t waits = 0;             // acquires that found the pool empty and waited
};

class BufferPool {
 public:
  // Buffers of `buffer_size` rounded up to 4096 bytes; as many as fit in `max_bytes`.
  // Pages are mapped but only committed when first written, so an unused cap costs little.
  // Fails with EINVAL when not even one buffer fits, ENOMEM when the mapping fails. With a
  // `budget`, buffers out at once also stay within it, and one buffer must fit in its cap.
  static Status create(size_t buffer_size, size_t max_bytes, std::unique_ptr<BufferPool>* out,
                       std::shared_ptr<MemoryBudget> budget = nullptr);
  // Buffers still out (a transfer dropped with requests in flight) give their bytes back to the
  // budget; their memory goes with the pool.
  ~BufferPool();
  BufferPool(const BufferPool&) = delete;
  BufferPool& operator=(const BufferPool&) = delete;

  // Waits for a free buffer. False only when cancel() was called.
  bool acquire(PoolBuffer* out);
  // Like acquire(), but gives up (false) after `timeout`.
  bool acquire_for(std::chrono::nanoseconds timeout, PoolBuffer* out);
  // Never waits: false when none is free.
  bool try_acquire(PoolBuffer* out);
  // REQUIRES: `buffer` came from this pool's acquire and is no longer used by anything.
  void release(const PoolBuffer& buffer);

  // Wakes every waiter; from now on acquires fail at once (for shutdown and Ctrl-C).
  void cancel();

  size_t buffer_size() const { return buffer_size_; }
  size_t buffer_count() const { return count_; }
  // One entry per buffer, by index, for IoQueue::register_buffers(). Registering pins (and
  // so commits) every buffer: for a cap far above what a transfer needs, do not register.
  std::vector<iovec> iovecs() const;
  PoolStats stats() const;

 private:
  BufferPool(char* base, size_t buffer_size, size_t count, std::shared_ptr<MemoryBudget> budget);
  // A free buffer whose bytes the budget (if any) granted, or false; `*budget_full` tells
  // which of the two was missing.
  bool take_locked(PoolBuffer* out, bool* budget_full) REQUIRES(mutex_);
  bool acquire_until(std::chrono::steady_clock::time_point deadline, PoolBuffer* out);

  char* const base_;
  const size_t buffer_size_;
  const size_t count_;
  const std::shared_ptr<MemoryBudget> budget_;  // null: the pool's own cap only
  mutable base::Mutex mutex_;
  base::CondVar freed_;
  // A stack: the most recently used buffer is handed out first.
  std::vector<uint32_t> free_ GUARDED_BY(mutex_);
  bool cancelled_ GUARDED_BY(mutex_) = false;
  PoolStats stats_ GUARDED_BY(mutex_);
};

}  // namespace hoist::io

#include "io/buffer_pool.h"

#include <sys/mman.h>

#include <cerrno>

#include "io/file.h"

namespace hoist::io {

Status BufferPool::create(size_t buffer_size, size_t max_bytes, std::unique_ptr<BufferPool>* out,
                          std::shared_ptr<MemoryBudget> budget) {
  if (buffer_size == 0) return Status{EINVAL, "buffer pool: buffer size 0"};
  size_t size = (buffer_size + kDirectAlignment - 1) / kDirectAlignment * kDirectAlignment;
  size_t count = max_bytes / size;
  if (count == 0) {
    return Status{EINVAL, "buffer pool: " + std::to_string(max_bytes) +
                              " bytes do not hold one buffer of " + std::to_string(size)};
  }
  if (budget && budget->cap() < size) {
    return Status{EINVAL, "buffer pool: the shared cap of " + std::to_string(budget->cap()) +
                              " bytes does not hold one buffer of " + std::to_string(size)};
  }
  // Beyond UINT32_MAX buffers the free list's indices would wrap: no real cap gets there.
  if (count > UINT32_MAX) count = UINT32_MAX;
  // mmap is page-aligned, and untouched pages are not committed.
  void* base = ::mmap(nullptr, size * count, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (base == MAP_FAILED) return Status::from_errno(errno, "map", "buffer pool");
  out->reset(new BufferPool(static_cast<char*>(base), size, count, std::move(budget)));
  return {};
}

BufferPool::BufferPool(char* base, size_t buffer_size, size_t count,
                       std::shared_ptr<MemoryBudget> budget)
    : base_(base), buffer_size_(buffer_size), count_(count), budget_(std::move(budget)) {
  free_.reserve(count);
  for (size_t i = count; i > 0; --i) free_.push_back(static_cast<uint32_t>(i - 1));
  stats_.capacity_bytes = buffer_size * count;
}

BufferPool::~BufferPool() {
  // Buffers still out (a transfer dropped with requests in flight) go back to the budget,
  // which outlives this pool when other pools share it.
  if (budget_) {
    base::MutexLock lock(mutex_);
    budget_->give_back(stats_.in_use_bytes);
  }
  ::munmap(base_, buffer_size_ * count_);
}

bool BufferPool::take_locked(PoolBuffer* out, bool* budget_full) {
  *budget_full = false;
  if (free_.empty()) return false;
  if (budget_ && !budget_->try_take(buffer_size_)) {
    *budget_full = true;
    return false;
  }
  uint32_t index = free_.back();
  free_.pop_back();
  ++stats_.acquisitions;
  stats_.in_use_bytes += buffer_size_;
  if (stats_.in_use_bytes > stats_.peak_in_use_bytes) {
    stats_.peak_in_use_bytes = stats_.in_use_bytes;
  }
  *out = PoolBuffer{base_ + static_cast<size_t>(index) * buffer_size_, buffer_size_,
                    static_cast<int>(index)};
  return true;
}

bool BufferPool::acquire_until(std::chrono::steady_clock::time_point deadline, PoolBuffer* out) {
  const bool forever = deadline == std::chrono::steady_clock::time_point::max();
  bool counted = false;
  for (;;) {
    uint64_t epoch = 0;
    {
      base::MutexLock lock(mutex_);
      for (;;) {
        if (cancelled_) return false;
        bool budget_full = false;
        if (take_locked(out, &budget_full)) return true;
        if (!counted) {
          ++stats_.waits;
          counted = true;
        }
        if (budget_full) {
          // Read with cancelled_ under this lock: a cancel() after it ends the wait below.
          epoch = budget_->epoch();
          break;  // wait for the budget, without holding this pool's lock
        }
        if (forever) {
          freed_.wait(mutex_);
        } else if (!freed_.wait_until(mutex_, deadline)) {
          return !cancelled_ && take_locked(out, &budget_full);
        }
      }
    }
    // Another pool sharing the budget must release first; its release wakes this wait.
    if (!budget_->wait_for_room(buffer_size_, deadline, epoch) && !forever &&
        std::chrono::steady_clock::now() >= deadline) {
      base::MutexLock lock(mutex_);
      bool budget_full = false;
      return !cancelled_ && take_locked(out, &budget_full);
    }
  }
}

bool BufferPool::acquire(PoolBuffer* out) {
  return acquire_until(std::chrono::steady_clock::time_point::max(), out);
}

bool BufferPool::acquire_for(std::chrono::nanoseconds timeout, PoolBuffer* out) {
  return acquire_until(std::chrono::steady_clock::now() + timeout, out);
}

bool BufferPool::try_acquire(PoolBuffer* out) {
  base::MutexLock lock(mutex_);
  bool budget_full = false;
  return !cancelled_ && take_locked(out, &budget_full);
}

void BufferPool::release(const PoolBuffer& buffer) {
  {
    base::MutexLock lock(mutex_);
    free_.push_back(static_cast<uint32_t>(buffer.index));
    stats_.in_use_bytes -= buffer_size_;
  }
  if (budget_) budget_->give_back(buffer_size_);
  freed_.notify_one();
}

void BufferPool::cancel() {
  {
    base::MutexLock lock(mutex_);
    cancelled_ = true;
  }
  freed_.notify_all();
  if (budget_) budget_->wake_all();
}

std::vector<iovec> BufferPool::iovecs() const {
  std::vector<iovec> out(count_);
  for (size_t i = 0; i < count_; ++i) out[i] = iovec{base_ + i * buffer_size_, buffer_size_};
  return out;
}

PoolStats BufferPool::stats() const {
  base::MutexLock lock(mutex_);
  return stats_;
}

}  // namespace hoist::io

#include "io/buffer_pool.h"

#include <sys/mman.h>

#include <cerrno>

#include "io/file.h"

namespace hoist::io {

Status BufferPool::create(size_t buffer_size, size_t max_bytes, std::unique_ptr<BufferPool>* out) {
  if (buffer_size == 0) return Status{EINVAL, "buffer pool: buffer size 0"};
  size_t size = (buffer_size + kDirectAlignment - 1) / kDirectAlignment * kDirectAlignment;
  size_t count = max_bytes / size;
  if (count == 0) {
    return Status{EINVAL, "buffer pool: " + std::to_string(max_bytes) +
                              " bytes do not hold one buffer of " + std::to_string(size)};
  }
  // Beyond UINT32_MAX buffers the free list's indices would wrap: no real cap gets there.
  if (count > UINT32_MAX) count = UINT32_MAX;
  // mmap is page-aligned, and untouched pages are not committed.
  void* base = ::mmap(nullptr, size * count, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (base == MAP_FAILED) return Status::from_errno(errno, "map", "buffer pool");
  out->reset(new BufferPool(static_cast<char*>(base), size, count));
  return {};
}

BufferPool::BufferPool(char* base, size_t buffer_size, size_t count)
    : base_(base), buffer_size_(buffer_size), count_(count) {
  free_.reserve(count);
  for (size_t i = count; i > 0; --i) free_.push_back(static_cast<uint32_t>(i - 1));
  stats_.capacity_bytes = buffer_size * count;
}

BufferPool::~BufferPool() { ::munmap(base_, buffer_size_ * count_); }

PoolBuffer BufferPool::take_locked() {
  uint32_t index = free_.back();
  free_.pop_back();
  ++stats_.acquisitions;
  stats_.in_use_bytes += buffer_size_;
  if (stats_.in_use_bytes > stats_.peak_in_use_bytes) {
    stats_.peak_in_use_bytes = stats_.in_use_bytes;
  }
  return PoolBuffer{base_ + static_cast<size_t>(index) * buffer_size_, buffer_size_,
                    static_cast<int>(index)};
}

bool BufferPool::acquire(PoolBuffer* out) {
  base::MutexLock lock(mutex_);
  if (free_.empty() && !cancelled_) {
    ++stats_.waits;
    while (free_.empty() && !cancelled_) freed_.wait(mutex_);
  }
  if (cancelled_) return false;
  *out = take_locked();
  return true;
}

bool BufferPool::acquire_for(std::chrono::nanoseconds timeout, PoolBuffer* out) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  base::MutexLock lock(mutex_);
  if (free_.empty() && !cancelled_) {
    ++stats_.waits;
    while (free_.empty() && !cancelled_) {
      if (!freed_.wait_until(mutex_, deadline) && free_.empty() && !cancelled_) return false;
    }
  }
  if (cancelled_) return false;
  *out = take_locked();
  return true;
}

bool BufferPool::try_acquire(PoolBuffer* out) {
  base::MutexLock lock(mutex_);
  if (free_.empty() || cancelled_) return false;
  *out = take_locked();
  return true;
}

void BufferPool::release(const PoolBuffer& buffer) {
  {
    base::MutexLock lock(mutex_);
    free_.push_back(static_cast<uint32_t>(buffer.index));
    stats_.in_use_bytes -= buffer_size_;
  }
  freed_.notify_one();
}

void BufferPool::cancel() {
  {
    base::MutexLock lock(mutex_);
    cancelled_ = true;
  }
  freed_.notify_all();
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

// OrderedWriter: puts ranges that finish in any order onto a stream in order (stdout, a
// decoder, a sequential hash). A
// range that arrives early keeps its pooled buffer until the ranges before it are written,
// so memory stays within the pool; ranges are queued in order, so the one the stream waits
// for always holds a buffer or has one coming, and the wait cannot deadlock.
//
// Thread-safe: workers deliver from any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>

#include "base/mutex.h"
#include "io/buffer_pool.h"
#include "io/status.h"

namespace hoist::transfer {

class OrderedWriter {
 public:
  // Consumes the ranges' bytes in order (writes them to a stream, or decodes them).
  using Sink = std::function<io::Status(const char* data, size_t length)>;

  // `release` hands a written (or abandoned) buffer back to the pool.
  OrderedWriter(Sink sink, std::function<void(const io::PoolBuffer&)> release);
  ~OrderedWriter();  // releases buffers still waiting

  // Takes range `index` (`length` bytes in `buffer`) and writes every range that is now
  // next in order. An error of the stream is returned to whoever delivers next.
  io::Status deliver(uint32_t index, const io::PoolBuffer& buffer, size_t length);

  // Drops ranges waiting to be written (after a failure).
  void abandon();

 private:
  Sink sink_;
  std::function<void(const io::PoolBuffer&)> release_;
  base::Mutex mutex_;
  uint32_t next_ GUARDED_BY(mutex_) = 0;
  std::map<uint32_t, std::pair<io::PoolBuffer, size_t>> waiting_ GUARDED_BY(mutex_);
  io::Status failed_ GUARDED_BY(mutex_);
};

}  // namespace hoist::transfer

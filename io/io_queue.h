// IoQueue: one thread's queue of positional reads and writes kept in flight together.
// A pipeline submits many requests (each into or from its own caller-owned buffer, marked
// with a tag of the caller's choosing), does other work, and reaps completions in whatever
// order they finish. Implementations: io_uring (uring_queue.cpp), pread/pwrite
// (posix_env.cpp), and a fault-injecting wrapper for tests (fault_injecting_env.h).
//
// Not thread-safe: a queue belongs to one thread. Make one per thread with Env::new_queue().
#pragma once

#include <sys/uio.h>

#include <cstddef>
#include <cstdint>
#include <span>

#include "io/file.h"
#include "io/status.h"

namespace hoist::io {

enum class IoOp : uint8_t { kRead, kWrite };

struct IoRequest {
  IoOp op = IoOp::kRead;
  const File* file = nullptr;
  uint64_t offset = 0;
  char* buffer = nullptr;  // read into / write from; a write does not modify it
  size_t length = 0;
  int buffer_index = -1;  // index given to register_buffers() that holds `buffer`, or -1
  uint64_t tag = 0;       // returned unchanged in the completion
};

struct IoCompletion {
  uint64_t tag = 0;
  // Bytes transferred, or -errno. A read returns fewer bytes than asked only at end of file;
  // a write returns its full length or an error.
  int64_t result = 0;

  bool ok() const { return result >= 0; }
  int error() const { return result < 0 ? static_cast<int>(-result) : 0; }
};

// Requests in flight per queue when the caller does not say. bench/io (bench/RESULTS.md,
// "## io") shows page-cached reads gain nothing past depth 4 (they complete inside submit)
// and lose once depth x buffer size outgrows the CPU cache; the headroom to 16 is for reads
// that reach the device, which want several in flight.
inline constexpr unsigned kDefaultQueueDepth = 16;

struct QueueOptions {
  unsigned depth = kDefaultQueueDepth;  // most requests in flight at once
  // Complete each request inside submit() with pread/pwrite, whatever the Env. Buffered
  // writes to a file from several threads ran twice as fast that way as through io_uring,
  // which hands them to its worker threads to contend for the file's lock (bench/RESULTS.md).
  bool synchronous = false;
};

class IoQueue {
 public:
  virtual ~IoQueue() = default;

  // "io_uring", "posix", ...: for --debug.
  virtual const char* name() const = 0;
  virtual unsigned depth() const = 0;
  // Requests submitted and not yet reaped.
  virtual unsigned in_flight() const = 0;

  // Starts every request in `requests` (one system call for the batch where the
  // implementation can). Each accepted request yields exactly one completion.
  // REQUIRES: in_flight() + requests.size() <= depth() (else EBUSY, nothing started).
  // REQUIRES: each buffer stays valid and, for reads, untouched until its completion is
  //           reaped; each File outlives its requests.
  virtual Status submit(std::span<const IoRequest> requests) = 0;

  // Waits until at least `min` completions are ready, then moves up to out.size() of them
  // into `out` and sets *reaped. REQUIRES: min <= in_flight(), min <= out.size().
  virtual Status reap(size_t min, std::span<IoCompletion> out, size_t* reaped) = 0;

  // Announces the buffers requests will name by buffer_index, so the kernel can skip
  // mapping them on every request (io_uring fixed buffers; pins their pages). Optional:
  // an error leaves the queue working with unregistered buffers.
  // REQUIRES: nothing in flight; at most one call per queue.
  virtual Status register_buffers(std::span<const iovec> buffers) = 0;
};

}  // namespace hoist::io

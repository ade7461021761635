// Worker: one engine thread. It leases an s3::Service (a curl multi handle and its
// connections, which go back to the Client's ServicePool when the transfer ends) and owns its
// I/O queues (an io_uring ring for reads); it pulls tasks from the shared WorkQueue while it
// has room for more requests and a buffer for data, and runs the continuations of everything
// it sent. Nothing it owns is touched by another thread, except wake(), which any thread may
// call.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "engine/s3/service.h"
#include "engine/s3/service_pool.h"
#include "engine/transfer/engine_context.h"
#include "io/io_queue.h"

namespace hoist::transfer {

// Whether a request moves object data (counted against the concurrency and timed for the
// latency percentiles) or is a control call.
enum class RequestKind { kData, kControl };

class Worker {
 public:
  // `service` is bound to this transfer's progress counter and bandwidth cap already.
  Worker(EngineContext* context, s3::ServicePool::Lease service);
  // Joins the thread, then hands the Service back unbound, or drops it when a cancelled
  // transfer left requests in flight on it.
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  void start();  // launches the thread
  void join();
  // Makes the thread look at the queue now (new work, a freed buffer, cancellation).
  void wake();
  // Lets the thread end once it has nothing in flight and the queue is empty.
  void request_stop();

  // Sends `op`, retrying retryable failures under the shared RetryPolicy; `done` gets the
  // final response or error on this worker's thread.
  // REQUIRES: *op stays valid (and unchanged) until `done` has run.
  void send(const s3::Operation* op, RequestKind kind,
            std::function<void(Result<http::Response>&&)> done);

  // Reads up to `length` bytes at `offset` into `buffer` through this thread's I/O queue;
  // *got is short only at end of file.
  // `buffer_index` is the pool buffer's index when `buffer` is one (fixed-buffer I/O), else -1.
  io::Status read(const io::File& file, uint64_t offset, char* buffer, size_t length, size_t* got,
                  int buffer_index = -1);

  // Writes all `length` bytes at `offset` through this thread's I/O queue.
  io::Status write(const io::File& file, uint64_t offset, const char* data, size_t length,
                   int buffer_index = -1);

  // Hands a pooled buffer back and lets idle workers use it.
  void release(const io::PoolBuffer& buffer);

  EngineContext& context() { return *context_; }

 private:
  struct Timer {
    std::chrono::steady_clock::time_point due;
    std::function<void()> fire;
  };
  struct PendingRequest;

  void run();
  void admit();
  // True when a task could start now; may take a spare buffer from the pool to know.
  bool can_admit();
  bool take_spare_buffer();
  int data_limit() const;
  void fire_due_timers();
  std::chrono::milliseconds poll_timeout() const;
  bool idle();
  void attempt(std::shared_ptr<PendingRequest> request);
  // One request through the I/O queue, waited for; the completion's byte count or -errno.
  io::Status transfer_bytes(const io::IoRequest& request, int64_t* result);

  EngineContext* context_;
  s3::ServicePool::Lease service_;
  std::unique_ptr<io::IoQueue> read_queue_;   // io_uring where available
  std::unique_ptr<io::IoQueue> write_queue_;  // synchronous: see transfer_bytes()
  std::thread thread_;
  std::atomic<bool> sleeping_{false};
  std::optional<io::PoolBuffer> spare_;  // acquired for a data task not yet popped
  std::vector<Timer> timers_;            // retries waiting for their backoff
  int data_in_flight_ = 0;               // data requests sent or waiting to be re-sent
  int control_in_flight_ = 0;            // control requests likewise
  std::atomic<bool> stop_requested_{false};
};

}  // namespace hoist::transfer

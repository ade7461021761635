// Worker: one transfer's share of one engine thread. The threads belong to the Client and
// serve all its transfers (engine_threads.h); a transfer has a Worker on each thread it uses,
// which pulls the transfer's tasks from its WorkQueue while the transfer has room for more
// requests and a buffer for data, and runs the continuations of everything it sent. Its
// requests go out on the thread's Service, counted into this transfer's progress and drawing
// on its bandwidth cap, and owned by the Worker, so that a transfer that stops drops its own
// requests and no other's. Its I/O queues (an io_uring ring for reads, with the transfer's
// buffers registered) are its own. Everything here runs on the thread, except wake() and
// request_stop(), which any thread may call.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "engine/s3/service.h"
#include "engine/transfer/engine_context.h"
#include "io/io_queue.h"

namespace hoist::transfer {

// Whether a request moves object data (counted against the concurrency and timed for the
// latency percentiles) or is a control call.
enum class RequestKind { kData, kControl };

class EngineThread;

class Worker {
 public:
  // REQUIRES: attached to `thread` after construction, and destroyed only once the thread
  // has let go of it (EngineThread::wait_released).
  Worker(EngineContext* context, EngineThread* thread);
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // Makes the thread look at the queue now (new work, a freed buffer, cancellation).
  void wake();
  // Lets the worker end once it has nothing in flight and the queue is empty.
  void request_stop();

  // For the thread. One turn: starts the tasks there is room for and re-sends the retries
  // that are due; false once this worker is done (its transfer finished, or was cancelled and
  // its control calls in flight have ended), after dropping what it still had in flight.
  bool turn();
  // Whether a task could start now; may take a spare buffer from the pool to know.
  bool ready();
  // How long until the next retry is due (at most a few seconds).
  std::chrono::milliseconds next_timer() const;

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
  struct PendingRequest;
  struct Timer {
    std::chrono::steady_clock::time_point due;
    std::shared_ptr<PendingRequest> request;  // sent again when due
  };

  s3::Service& service();
  void admit();
  bool take_spare_buffer();
  int data_limit() const;
  void fire_due_timers();
  bool idle() const;
  // The cancelled transfer's way out: retries waiting are dropped, control calls already
  // sent get a while to end; true once nothing more is waited for.
  bool drained();
  void attempt(std::shared_ptr<PendingRequest> request);
  // The request is over (answered, or given up): counts it out.
  void settle(const PendingRequest& request);
  // One request through the I/O queue, waited for; the completion's byte count or -errno.
  io::Status transfer_bytes(const io::IoRequest& request, int64_t* result);

  EngineContext* context_;
  EngineThread* thread_;
  std::unique_ptr<io::IoQueue> read_queue_;   // io_uring where available
  std::unique_ptr<io::IoQueue> write_queue_;  // synchronous: see transfer_bytes()
  std::optional<io::PoolBuffer> spare_;  // acquired for a data task not yet popped
  std::vector<Timer> timers_;            // retries waiting for their backoff
  int data_in_flight_ = 0;               // data requests sent or waiting to be re-sent
  int control_in_flight_ = 0;            // control requests likewise
  int on_the_wire_ = 0;                  // attempts submitted and not yet answered
  // When a cancelled transfer stops waiting for its control calls; unset until cancelled.
  std::optional<std::chrono::steady_clock::time_point> drain_deadline_;
  std::atomic<bool> stop_requested_{false};
};

}  // namespace hoist::transfer

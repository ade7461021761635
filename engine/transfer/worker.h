// Worker: one transfer's share of one engine thread. The threads belong to the Client and
// serve all its transfers (engine_threads.h); a transfer has a Worker on each thread it uses,
// which pulls the transfer's tasks from its WorkQueue while the transfer has room for more
// requests and a buffer for data, and runs the continuations of everything it sent. Its
// requests go out on the thread's Service, counted into this transfer's progress and drawing
// on its bandwidth cap, and owned by the Worker, so that a transfer that stops drops its own
// requests and no other's. Its file I/O and checksums run off the thread (off_loop(), on the
// DiskThreads), so that a slow disk holds up no request on the loop. Everything here runs
// on the thread, except wake() and request_stop(), which any thread may call.
#pragma once

#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "base/mutex.h"
#include "engine/s3/service.h"
#include "engine/transfer/disk_threads.h"
#include "engine/transfer/engine_context.h"

namespace hoist::transfer {

// Whether a request moves object data (counted against the concurrency and timed for the
// latency percentiles) or is a control call.
enum class RequestKind { kData, kControl };

// Whether off_loop() work counts as a data request in flight until its continuation has run.
// Work that makes a request (a part's read) does, so that a worker takes no more parts than it
// may send; work after a request ended (a range's write, a commit) does not, so that the next
// requests go out meanwhile (the pool's buffers still bound what waits to be written).
enum class DiskWork { kBeforeRequest, kAfterRequest };

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

  // Runs `work` (a part's read and checksum, a range's write) on a DiskThread, then `then`
  // back on this worker's thread. A worker's jobs run one at a time, in the order given. Until
  // `then` has run the worker does not end, even when cancelled, and work kBeforeRequest
  // counts as a data request in flight. REQUIRES: what both capture stays valid until `then`
  // has run.
  void off_loop(DiskWork kind, std::function<void(DiskThread&)> work, std::function<void()> then);
  // As off_loop(), for work that may fail: what it returns (an error, or nullopt) goes to
  // `then`.
  void off_loop(DiskWork kind, std::function<std::optional<Error>(DiskThread&)> work,
                std::function<void(std::optional<Error>)> then);

  // Hands a pooled buffer back and lets idle workers use it.
  void release(const io::PoolBuffer& buffer);

  EngineContext& context() { return *context_; }

 private:
  struct PendingRequest;
  struct DiskJob {
    std::function<void(DiskThread&)> work;
    std::function<void()> then;
  };
  struct Timer {
    std::chrono::steady_clock::time_point due;
    std::shared_ptr<PendingRequest> request;  // sent again when due
  };

  s3::Service& service();
  void admit();
  // On a DiskThread: this worker's off_loop() jobs, one after another, until none is left.
  void run_disk_jobs(DiskThread& disk, EngineThread* thread);
  // Runs the continuations of the off_loop() work that has finished.
  void take_back();
  bool has_returned();
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
  EngineContext* context_;
  EngineThread* thread_;
  std::optional<io::PoolBuffer> spare_;  // acquired for a data task not yet popped
  std::vector<Timer> timers_;            // retries waiting for their backoff
  int data_in_flight_ = 0;               // data requests sent or waiting to be re-sent
  int control_in_flight_ = 0;            // control requests likewise
  int on_the_wire_ = 0;                  // attempts submitted and not yet answered
  int off_loop_ = 0;                     // off_loop() work whose continuation has not run
  int preparing_ = 0;                    // of which kBeforeRequest: counted as in flight
  base::Mutex disk_mutex_;
  std::deque<DiskJob> disk_jobs_ GUARDED_BY(disk_mutex_);  // waiting for run_disk_jobs()
  bool disk_running_ GUARDED_BY(disk_mutex_) = false;      // run_disk_jobs() is on a DiskThread
  // Continuations of finished off_loop() work, for this worker's thread to run.
  std::vector<std::function<void()>> returned_ GUARDED_BY(disk_mutex_);
  // When a cancelled transfer stops waiting for its control calls; unset until cancelled.
  std::optional<std::chrono::steady_clock::time_point> drain_deadline_;
  std::atomic<bool> stop_requested_{false};
};

}  // namespace hoist::transfer

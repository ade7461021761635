#include "engine/transfer/worker.h"

#include <algorithm>

#include "engine/transfer/engine_threads.h"

namespace hoist::transfer {
namespace {

// Longest next_timer() says: the thread looks again at least this often anyway.
constexpr std::chrono::milliseconds kMaxSleep{100};

// How long a cancelled worker waits for its control calls in flight to finish.
constexpr std::chrono::seconds kControlDrainLimit{10};

}  // namespace

struct Worker::PendingRequest {
  const s3::Operation* op;
  RequestKind kind;
  std::function<void(Result<http::Response>&&)> done;
  int attempts = 0;
};

Worker::Worker(EngineContext* context, EngineThread* thread) : context_(context), thread_(thread) {}

s3::Service& Worker::service() { return thread_->service(); }

void Worker::wake() { thread_->wake(); }

void Worker::send(const s3::Operation* op, RequestKind kind,
                  std::function<void(Result<http::Response>&&)> done) {
  if (kind == RequestKind::kData) ++data_in_flight_;
  if (kind == RequestKind::kControl) ++control_in_flight_;
  attempt(std::make_shared<PendingRequest>(PendingRequest{op, kind, std::move(done)}));
}

void Worker::attempt(std::shared_ptr<PendingRequest> request) {
  ++request->attempts;
  ++on_the_wire_;
  EngineContext& c = *context_;
  http::RequestAccount account{c.body_bytes_in_flight, c.bandwidth, this};
  service().submit(
      *request->op,
      [this, request](s3::Attempt&& a) {
        --on_the_wire_;
        EngineContext& c = *context_;
        c.counters.bytes_sent.fetch_add(a.bytes_sent);
        const auto now = std::chrono::steady_clock::now();
        auto delay = service().after_attempt(a.result, request->attempts, !c.cancelled.load());
        if (a.result.ok()) {
          // Only senders of many requests at once let the throttle grow back.
          service().throttle().on_success(now, c.settings.concurrency);
          if (request->kind == RequestKind::kData) c.latency.add(a.elapsed);
          settle(*request);
          request->done(std::move(a.result));
          return;
        }
        if (delay) {
          c.counters.retries.fetch_add(1);
          timers_.push_back({now + *delay, request});
          return;
        }
        settle(*request);
        request->done(std::move(a.result));
      },
      std::move(account));
}

void Worker::settle(const PendingRequest& request) {
  if (request.kind == RequestKind::kData) {
    --data_in_flight_;
  } else {
    --control_in_flight_;
  }
}

void Worker::off_loop(DiskWork kind, std::function<void(DiskThread&)> work,
                      std::function<void()> then) {
  ++off_loop_;
  if (kind == DiskWork::kBeforeRequest) {
    ++preparing_;
    then = [this, then = std::move(then)] {
      --preparing_;
      then();
    };
  }
  bool start = false;
  {
    base::MutexLock lock(disk_mutex_);
    disk_jobs_.push_back(DiskJob{std::move(work), std::move(then)});
    start = !disk_running_;
    disk_running_ = true;
  }
  if (!start) return;  // the running job takes this one next
  EngineThread* thread = thread_;
  thread_->disk().post([this, thread](DiskThread& disk) { run_disk_jobs(disk, thread); });
}

void Worker::off_loop(DiskWork kind, std::function<std::optional<Error>(DiskThread&)> work,
                      std::function<void(std::optional<Error>)> then) {
  auto outcome = std::make_shared<std::optional<Error>>();
  off_loop(
      kind, [outcome, work = std::move(work)](DiskThread& disk) { *outcome = work(disk); },
      [outcome, then = std::move(then)] { then(std::move(*outcome)); });
}

void Worker::run_disk_jobs(DiskThread& disk, EngineThread* thread) {
  bool more = true;
  while (more) {
    DiskJob job;
    {
      base::MutexLock lock(disk_mutex_);
      job = std::move(disk_jobs_.front());
      disk_jobs_.pop_front();
    }
    job.work(disk);
    job.work = nullptr;  // what it holds goes while this worker is certainly still there
    base::MutexLock lock(disk_mutex_);
    returned_.push_back(std::move(job.then));
    job.then = nullptr;  // a function moved from may still hold a copy
    more = !disk_jobs_.empty();
    disk_running_ = more;
    // Woken under the lock: the continuation cannot run, and let this worker and then its
    // thread end, before the wake-up is done. Once unlocked (and without more jobs) this
    // worker may be gone.
    thread->wake();
  }
}

bool Worker::has_returned() {
  base::MutexLock lock(disk_mutex_);
  return !returned_.empty();
}

void Worker::take_back() {
  std::vector<std::function<void()>> returned;
  {
    base::MutexLock lock(disk_mutex_);
    returned.swap(returned_);
  }
  for (std::function<void()>& then : returned) {
    --off_loop_;
    then();
  }
}

void Worker::release(const io::PoolBuffer& buffer) {
  context_->pool->release(buffer);
  if (context_->wake_workers) context_->wake_workers();
}

int Worker::data_limit() const {
  const int threads = std::max(1, context_->settings.threads);
  const int allowed =
      thread_->service().throttle().allowed_in_flight(context_->settings.concurrency);
  return std::max(1, (allowed + threads - 1) / threads);
}

bool Worker::take_spare_buffer() {
  if (!spare_) {
    io::PoolBuffer buffer;
    if (context_->pool->try_acquire(&buffer)) spare_ = buffer;
  }
  return spare_.has_value();
}

void Worker::admit() {
  EngineContext& c = *context_;
  while (!c.cancelled.load()) {
    const bool room = data_in_flight_ + preparing_ < data_limit() && thread_->has_room();
    // A spare buffer is taken only for a buffered task that could run now.
    const bool buffer = room && !c.queue.has_streamed() && c.queue.has_data() && take_spare_buffer();
    std::optional<Task> task = c.queue.pop(room, buffer);
    if (!task) {
      // Another worker took the task this spare was for, or the thread has no room for it
      // (another transfer's requests fill it): hand it back, so that it is not held idle
      // against a memory cap other workers and transfers share.
      if (spare_ && (!room || !c.queue.has_data())) {
        c.pool->release(*spare_);
        spare_.reset();
      }
      break;
    }
    io::PoolBuffer given;
    if (task->needs_buffer) {
      given = *spare_;
      spare_.reset();
    }
    task->run(*this, given);
  }
}

bool Worker::ready() {
  EngineContext& c = *context_;
  if (has_returned()) return true;
  if (c.cancelled.load()) return false;
  if (c.queue.has_control()) return true;
  if (data_in_flight_ + preparing_ >= data_limit() || !thread_->has_room()) return false;
  return c.queue.has_streamed() || (c.queue.has_data() && take_spare_buffer());
}

void Worker::fire_due_timers() {
  const auto now = std::chrono::steady_clock::now();
  std::vector<Timer> due;
  auto split =
      std::partition(timers_.begin(), timers_.end(), [&](const Timer& t) { return t.due > now; });
  std::move(split, timers_.end(), std::back_inserter(due));
  timers_.erase(split, timers_.end());
  for (Timer& t : due) attempt(std::move(t.request));
}

std::chrono::milliseconds Worker::next_timer() const {
  auto timeout = kMaxSleep;
  const auto now = std::chrono::steady_clock::now();
  for (const Timer& t : timers_) {
    auto left = std::chrono::ceil<std::chrono::milliseconds>(t.due - now);
    timeout = std::clamp(left, std::chrono::milliseconds(0), timeout);
  }
  return timeout;
}

bool Worker::idle() const { return on_the_wire_ == 0 && timers_.empty() && off_loop_ == 0; }

void Worker::request_stop() {
  stop_requested_.store(true);
  thread_->service().loop().wakeup();
}

bool Worker::drained() {
  // Control calls already sent (a Complete, an Abort) are let finish, so that the summary,
  // the journal and the server agree on what exists; retries not yet re-sent are not sent,
  // and data requests still in flight are dropped when the worker is done.
  const auto now = std::chrono::steady_clock::now();
  if (!drain_deadline_) {
    drain_deadline_ = now + kControlDrainLimit;
    for (const Timer& t : timers_) {
      if (t.request->kind == RequestKind::kControl) --control_in_flight_;
    }
    timers_.clear();
  }
  // Work on the DiskThreads holds this worker and a buffer: it is always waited for (a
  // cancelled transfer's jobs give up at once, but one already reading finishes its read).
  if (off_loop_ > 0) return false;
  return control_in_flight_ <= 0 || now >= *drain_deadline_;
}

bool Worker::turn() {
  EngineContext& c = *context_;
  take_back();
  if (!c.cancelled.load()) {
    admit();
    fire_due_timers();
    if (!(stop_requested_.load() && idle() && c.queue.size() == 0)) return true;
  } else if (!drained()) {
    return true;
  }
  // Done: what is still in flight (a cancelled transfer's data requests) is dropped with its
  // continuations, and the spare buffer goes back.
  thread_->service().loop().cancel(this);
  timers_.clear();
  if (spare_) c.pool->release(*spare_);
  spare_.reset();
  return false;
}

}  // namespace hoist::transfer

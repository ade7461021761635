#include "engine/transfer/worker.h"

#include <algorithm>
#include <cstdlib>

namespace hoist::transfer {
namespace {

// Longest a worker sleeps without a reason to wake: it bounds how late cancellation or a
// missed wake-up is noticed, not how fast work flows (that is event driven).
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

Worker::Worker(EngineContext* context, s3::ServicePool::Lease service)
    : context_(context), service_(std::move(service)) {}

Worker::~Worker() {
  join();
  if (service_->loop().in_flight() > 0) {
    service_.discard();  // a cancelled transfer's requests must never reach the next user
  } else {
    service_->loop().rebind(nullptr, nullptr);
  }
}

void Worker::start() {
  thread_ = std::thread([this] { run(); });
}

void Worker::join() {
  if (thread_.joinable()) thread_.join();
}

void Worker::wake() {
  if (sleeping_.exchange(false)) service_->loop().wakeup();
}

void Worker::send(const s3::Operation* op, RequestKind kind,
                  std::function<void(Result<http::Response>&&)> done) {
  if (kind == RequestKind::kData) ++data_in_flight_;
  if (kind == RequestKind::kControl) ++control_in_flight_;
  attempt(std::make_shared<PendingRequest>(PendingRequest{op, kind, std::move(done)}));
}

void Worker::attempt(std::shared_ptr<PendingRequest> request) {
  ++request->attempts;
  service_->submit(*request->op, [this, request](s3::Attempt&& a) {
    EngineContext& c = *context_;
    c.counters.bytes_sent.fetch_add(a.bytes_sent);
    const auto now = std::chrono::steady_clock::now();
    auto delay = service_->after_attempt(a.result, request->attempts, !c.cancelled.load());
    if (a.result.ok()) {
      // Only senders of many requests at once let the throttle grow back.
      service_->throttle().on_success(now, c.settings.concurrency);
      if (request->kind == RequestKind::kData) {
        c.latency.add(a.elapsed);
        --data_in_flight_;
      } else {
        --control_in_flight_;
      }
      request->done(std::move(a.result));
      return;
    }
    if (delay) {
      c.counters.retries.fetch_add(1);
      timers_.push_back({now + *delay, [this, request] { attempt(request); }});
      return;
    }
    if (request->kind == RequestKind::kData) {
      --data_in_flight_;
    } else {
      --control_in_flight_;
    }
    request->done(std::move(a.result));
  });
}

io::Status Worker::transfer_bytes(const io::IoRequest& request, int64_t* result) {
  // Reads go through io_uring (with the pool registered as fixed buffers); writes through a
  // synchronous queue, which measured twice as fast for buffered file writes here.
  const bool write = request.op == io::IoOp::kWrite;
  std::unique_ptr<io::IoQueue>& queue = write ? write_queue_ : read_queue_;
  if (!queue) {
    io::QueueOptions options;
    options.synchronous = write;
    io::Status made = context_->env->new_queue(options, &queue);
    if (!made.ok()) return made;
    // Registered (fixed) buffers spare the kernel mapping each part's pages on every read;
    // optional: without them the queue works the same, a little slower.
    if (!write && std::getenv("HOIST_NO_FIXED_BUFFERS") == nullptr) {
      (void)queue->register_buffers(context_->pool->iovecs());
    }
  }
  io::Status submitted = queue->submit({&request, 1});
  if (!submitted.ok()) return submitted;
  io::IoCompletion completion;
  size_t reaped = 0;
  io::Status status = queue->reap(1, {&completion, 1}, &reaped);
  if (!status.ok()) return status;
  *result = completion.result;
  return {};
}

io::Status Worker::read(const io::File& file, uint64_t offset, char* buffer, size_t length,
                        size_t* got, int buffer_index) {
  *got = 0;
  io::IoRequest request{io::IoOp::kRead, &file, offset, buffer, length, buffer_index};
  int64_t result = 0;
  io::Status status = transfer_bytes(request, &result);
  if (!status.ok()) return status;
  if (result < 0) return io::Status::from_errno(static_cast<int>(-result), "read", file.path());
  *got = static_cast<size_t>(result);
  return {};
}

io::Status Worker::write(const io::File& file, uint64_t offset, const char* data, size_t length,
                         int buffer_index) {
  io::IoRequest request{io::IoOp::kWrite,        &file,  offset,
                        const_cast<char*>(data), length, buffer_index};
  int64_t result = 0;
  io::Status status = transfer_bytes(request, &result);
  if (!status.ok()) return status;
  if (result < 0) return io::Status::from_errno(static_cast<int>(-result), "write", file.path());
  return {};
}

void Worker::release(const io::PoolBuffer& buffer) {
  context_->pool->release(buffer);
  if (context_->wake_workers) context_->wake_workers();
}

int Worker::data_limit() const {
  const int threads = std::max(1, context_->settings.threads);
  const int allowed = service_->throttle().allowed_in_flight(context_->settings.concurrency);
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
    const bool room = data_in_flight_ < data_limit();
    // A spare buffer is taken only for a buffered task that could run now.
    const bool buffer = room && !c.queue.has_streamed() && c.queue.has_data() && take_spare_buffer();
    std::optional<Task> task = c.queue.pop(room, buffer);
    if (!task) {
      // Another worker took the task this spare was for: hand it back, so that it is not held
      // idle against a memory cap other transfers share.
      if (spare_ && !c.queue.has_data()) {
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

bool Worker::can_admit() {
  EngineContext& c = *context_;
  if (c.queue.has_control()) return true;
  if (data_in_flight_ >= data_limit()) return false;
  return c.queue.has_streamed() || (c.queue.has_data() && take_spare_buffer());
}

void Worker::fire_due_timers() {
  const auto now = std::chrono::steady_clock::now();
  std::vector<Timer> due;
  auto split =
      std::partition(timers_.begin(), timers_.end(), [&](const Timer& t) { return t.due > now; });
  std::move(split, timers_.end(), std::back_inserter(due));
  timers_.erase(split, timers_.end());
  for (Timer& t : due) t.fire();
}

std::chrono::milliseconds Worker::poll_timeout() const {
  auto timeout = kMaxSleep;
  const auto now = std::chrono::steady_clock::now();
  for (const Timer& t : timers_) {
    auto left = std::chrono::ceil<std::chrono::milliseconds>(t.due - now);
    timeout = std::clamp(left, std::chrono::milliseconds(0), timeout);
  }
  return timeout;
}

bool Worker::idle() { return service_->loop().in_flight() == 0 && timers_.empty(); }

void Worker::request_stop() {
  stop_requested_.store(true);
  service_->loop().wakeup();
}

void Worker::run() {
  EngineContext& c = *context_;
  while (!c.cancelled.load()) {
    admit();
    fire_due_timers();
    if (stop_requested_.load() && idle() && c.queue.size() == 0) break;
    sleeping_.store(true);
    const bool ready = can_admit();
    service_->loop().poll(ready ? std::chrono::milliseconds(0) : poll_timeout());
    sleeping_.store(false);
  }
  // Cancelled: control calls already sent (a Complete, an Abort) are let finish, so that the
  // summary, the journal and the server agree on what exists; data requests still in flight
  // are dropped with the Service and their buffers die with the pool.
  const auto deadline = std::chrono::steady_clock::now() + kControlDrainLimit;
  while (control_in_flight_ > 0 && std::chrono::steady_clock::now() < deadline) {
    service_->loop().poll(std::chrono::milliseconds(20));
  }
  if (spare_) c.pool->release(*spare_);
  spare_.reset();
}

}  // namespace hoist::transfer

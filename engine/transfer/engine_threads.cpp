#include "engine/transfer/engine_threads.h"

#include <algorithm>

#include "base/thread_name.h"
#include "engine/transfer/worker.h"

namespace hoist::transfer {
namespace {

// Longest a thread serving workers sleeps without a reason to wake: it bounds how late a
// cancel or a missed wake-up is noticed, not how fast work flows (that is event driven).
constexpr std::chrono::milliseconds kMaxSleep{100};
// A thread with no transfer to serve: attach() wakes it, so it may sleep long.
constexpr std::chrono::milliseconds kIdleSleep{1000};
// Connections a loop keeps free of data requests, for the control calls (Create, Complete,
// Abort) that finish what the data started: they are not held up behind other transfers.
constexpr long kControlHeadroom = 4;

}  // namespace

EngineThread::EngineThread(s3::ServicePool::Lease service, DiskThreads* disk)
    : service_(std::move(service)), disk_(disk), thread_([this] { run(); }) {}

EngineThread::~EngineThread() {
  {
    base::MutexLock lock(mutex_);
    shutting_down_ = true;
  }
  service_->loop().wakeup();
  thread_.join();
  // Every worker went away with its requests (Worker::turn cancels what it left), so the
  // Service goes back to the pool with nothing in flight.
}

void EngineThread::attach(Worker* worker) {
  {
    base::MutexLock lock(mutex_);
    attached_.push_back(worker);
  }
  service_->loop().wakeup();
}

void EngineThread::wait_released(const Worker* worker) {
  base::MutexLock lock(mutex_);
  while (std::find(attached_.begin(), attached_.end(), worker) != attached_.end()) {
    released_.wait(mutex_);
  }
}

bool EngineThread::has_room() const {
  const long connections = service_->options().http.max_connections_per_host;
  return static_cast<long>(service_->loop().in_flight()) <
         std::max(connections - kControlHeadroom, connections / 2);
}

void EngineThread::wake() {
  if (sleeping_.exchange(false)) service_->loop().wakeup();
}

void EngineThread::run() {
  base::name_this_thread("hoist-engine");
  std::vector<Worker*> workers;
  std::vector<Worker*> done;
  while (true) {
    {
      base::MutexLock lock(mutex_);
      if (!done.empty()) {
        std::erase_if(attached_, [&](Worker* w) {
          return std::find(done.begin(), done.end(), w) != done.end();
        });
        done.clear();
        released_.notify_all();
      }
      if (shutting_down_ && attached_.empty()) break;
      workers = attached_;
    }
    // Workers take the room on the loop in the order served; turning the order round each
    // time keeps one transfer from always taking it first.
    if (!workers.empty()) {
      first_ = (first_ + 1) % workers.size();
      std::rotate(workers.begin(), workers.begin() + static_cast<std::ptrdiff_t>(first_),
                  workers.end());
    }
    for (Worker* w : workers) {
      if (!w->turn()) done.push_back(w);
    }
    if (!done.empty()) continue;  // let them go before sleeping
    // Asleep before looking for work, so that work queued after the look wakes the poll.
    sleeping_.store(true);
    bool ready = false;
    auto timeout = workers.empty() ? kIdleSleep : kMaxSleep;
    for (Worker* w : workers) {
      ready = ready || w->ready();
      timeout = std::min(timeout, w->next_timer());
    }
    service_->loop().poll(ready ? std::chrono::milliseconds(0) : timeout);
    sleeping_.store(false);
  }
}

EngineThreads::EngineThreads(s3::ServicePool* services, io::Env* env)
    : services_(services), disk_(env) {}

EngineThreads::~EngineThreads() = default;

std::vector<EngineThread*> EngineThreads::take(int count) {
  base::MutexLock lock(mutex_);
  const size_t wanted = static_cast<size_t>(std::max(count, 1));
  while (threads_.size() < wanted) {
    threads_.push_back(std::make_unique<EngineThread>(services_->lease(), &disk_));
  }
  std::vector<EngineThread*> taken;
  for (size_t i = 0; i < wanted; ++i)
    taken.push_back(threads_[(next_ + i) % threads_.size()].get());
  next_ = (next_ + wanted) % threads_.size();
  return taken;
}

size_t EngineThreads::size() const {
  base::MutexLock lock(mutex_);
  return threads_.size();
}

}  // namespace hoist::transfer

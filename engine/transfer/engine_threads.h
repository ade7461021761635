// EngineThreads: the threads that do a Client's requests, kept for the Client's life and
// shared by every transfer it runs. Each EngineThread drives one s3::Service (a curl multi
// handle and its connections, leased from the Client's ServicePool) and serves the Workers
// attached to it: one per transfer that uses the thread (worker.h), taken in turn, their
// requests all on the one loop. So ten transfers started at once run on the same few threads
// and connections as one, instead of bringing threads and connections of their own. Beside
// them, DiskThreads do the transfers' file I/O and checksums (disk_threads.h).
#pragma once

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "base/mutex.h"
#include "engine/s3/service.h"
#include "engine/s3/service_pool.h"
#include "engine/transfer/disk_threads.h"
#include "io/env.h"

namespace hoist::transfer {

class Worker;

class EngineThread {
 public:
  // Starts the thread. REQUIRES: the lease's pool and `disk` outlive this thread.
  EngineThread(s3::ServicePool::Lease service, DiskThreads* disk);
  // Stops and joins the thread. REQUIRES: no Worker attached.
  ~EngineThread();
  EngineThread(const EngineThread&) = delete;
  EngineThread& operator=(const EngineThread&) = delete;

  // Serves `worker` from now on, until its Worker::turn() says it is done.
  void attach(Worker* worker);
  // Waits until the thread has let go of `worker` (done, and never touched again).
  void wait_released(const Worker* worker);
  // Makes the thread look at its workers now (new work, a freed buffer, a cancel).
  void wake();

  // The thread's Service. Only for the thread itself and the workers it runs.
  s3::Service& service() { return *service_; }
  // Where the workers on this thread send their file I/O and checksums.
  DiskThreads& disk() { return *disk_; }
  // Whether the loop can take another data request without it queueing inside curl for a
  // connection (where its connect timeout would run while it waits), a few connections
  // kept for control calls. Only on the thread.
  bool has_room() const;

 private:
  void run();

  s3::ServicePool::Lease service_;
  DiskThreads* disk_;
  base::Mutex mutex_;
  base::CondVar released_;
  std::vector<Worker*> attached_ GUARDED_BY(mutex_);
  bool shutting_down_ GUARDED_BY(mutex_) = false;
  std::atomic<bool> sleeping_{false};
  size_t first_ = 0;  // the worker served first next turn: each gets to be first in turn
  std::thread thread_;
};

class EngineThreads {
 public:
  // Threads lease their Services from `services`; parts are read through `env`.
  // REQUIRES: both outlive this object.
  EngineThreads(s3::ServicePool* services, io::Env* env);
  ~EngineThreads();
  EngineThreads(const EngineThreads&) = delete;
  EngineThreads& operator=(const EngineThreads&) = delete;

  // `count` distinct threads for one transfer, started when fewer exist; a transfer that
  // wants fewer than there are gets the ones after the last transfer's, so that small
  // transfers started together spread over the threads instead of piling on the first.
  std::vector<EngineThread*> take(int count);
  // How many threads exist.
  size_t size() const;

 private:
  s3::ServicePool* services_;
  // Declared before the engine threads, so that it is still there while they stop.
  DiskThreads disk_;
  mutable base::Mutex mutex_;
  std::vector<std::unique_ptr<EngineThread>> threads_ GUARDED_BY(mutex_);
  size_t next_ GUARDED_BY(mutex_) = 0;
};

}  // namespace hoist::transfer

// DiskThreads: the threads that do a transfer's file I/O and checksums (an upload part's read
// and hash, a downloaded range's write), so that neither a slow disk nor a costly hash holds
// up an engine thread, whose one curl loop carries the requests of every transfer on it.
// Kept with the engine threads for the Client's life. A thread is started whenever a job
// finds none free, so a transfer stuck on a slow disk holds only the threads its own jobs are
// on, never another transfer's: each Worker runs at most one job at a time (worker.h), so a
// transfer holds at most one thread per engine thread it uses. Only beyond kMaxThreads
// (transfers stuck on as many threads at once) do jobs wait for a thread another transfer
// holds. Each thread does its I/O through queues of its own (io_uring for reads where the Env
// offers it).
//
// Thread-safe: any thread may post().
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include "base/mutex.h"
#include "io/env.h"

namespace hoist::transfer {

// What a job gets to do its I/O with: the thread's own I/O queue. Only for that thread.
class DiskThread {
 public:
  explicit DiskThread(io::Env* env) : env_(env) {}

  // Reads up to `length` bytes at `offset` into `buffer`; *got is short only at end of file.
  io::Status read(const io::File& file, uint64_t offset, char* buffer, size_t length, size_t* got);
  // Writes all `length` bytes at `offset`.
  io::Status write(const io::File& file, uint64_t offset, const char* data, size_t length);
  io::Env& env() { return *env_; }

 private:
  // One request through `queue` (made on first use), waited for: *result is its byte count.
  io::Status complete(std::unique_ptr<io::IoQueue>& queue, bool synchronous,
                      const io::IoRequest& request, uint64_t* result);

  io::Env* env_;
  std::unique_ptr<io::IoQueue> read_queue_;   // io_uring where the Env offers it
  std::unique_ptr<io::IoQueue> write_queue_;  // synchronous: see write()
};

class DiskThreads {
 public:
  using Job = std::function<void(DiskThread&)>;
  // Beyond this many threads, jobs wait for one to be free: 16 transfers at once on 4 engine
  // threads, each stuck on every thread it uses.
  static constexpr size_t kMaxThreads = 64;

  // REQUIRES: `env` outlives this object.
  explicit DiskThreads(io::Env* env);
  // Runs the jobs still queued, then joins the threads.
  ~DiskThreads();
  DiskThreads(const DiskThreads&) = delete;
  DiskThreads& operator=(const DiskThreads&) = delete;

  // Runs `job` on a free thread, started for it when none is (or, when not even a first
  // thread can be started, on the caller's).
  void post(Job job);

 private:
  void run(DiskThread* me);

  io::Env* env_;
  base::Mutex mutex_;
  base::CondVar work_;
  std::deque<Job> jobs_ GUARDED_BY(mutex_);
  size_t idle_ GUARDED_BY(mutex_) = 0;  // threads waiting for a job
  bool stopping_ GUARDED_BY(mutex_) = false;
  std::vector<std::unique_ptr<DiskThread>> disks_ GUARDED_BY(mutex_);
  std::vector<std::thread> threads_ GUARDED_BY(mutex_);
};

}  // namespace hoist::transfer

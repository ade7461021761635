#include "engine/transfer/disk_threads.h"

#include <system_error>
#include <utility>

#include "base/thread_name.h"

namespace hoist::transfer {

io::Status DiskThread::complete(std::unique_ptr<io::IoQueue>& queue, bool synchronous,
                                const io::IoRequest& request, uint64_t* result) {
  *result = 0;
  if (!queue) {
    io::QueueOptions options;
    options.synchronous = synchronous;
    io::Status made = env_->new_queue(options, &queue);
    if (!made.ok()) return made;
  }
  io::Status submitted = queue->submit({&request, 1});
  if (!submitted.ok()) return submitted;
  io::IoCompletion completion;
  size_t reaped = 0;
  io::Status status = queue->reap(1, {&completion, 1}, &reaped);
  if (!status.ok()) return status;
  if (completion.result < 0) {
    return io::Status::from_errno(static_cast<int>(-completion.result),
                                  request.op == io::IoOp::kRead ? "read" : "write",
                                  request.file->path());
  }
  *result = static_cast<uint64_t>(completion.result);
  return {};
}

io::Status DiskThread::read(const io::File& file, uint64_t offset, char* buffer, size_t length,
                            size_t* got) {
  io::IoRequest request{io::IoOp::kRead, &file, offset, buffer, length, -1};
  uint64_t result = 0;
  io::Status status = complete(read_queue_, /*synchronous=*/false, request, &result);
  *got = static_cast<size_t>(result);
  return status;
}

io::Status DiskThread::write(const io::File& file, uint64_t offset, const char* data,
                             size_t length) {
  // Through a synchronous queue: it measured twice as fast as io_uring for buffered file
  // writes here.
  io::IoRequest request{io::IoOp::kWrite, &file, offset, const_cast<char*>(data), length, -1};
  uint64_t result = 0;
  return complete(write_queue_, /*synchronous=*/true, request, &result);
}

DiskThreads::DiskThreads(io::Env* env) : env_(env) {}

DiskThreads::~DiskThreads() {
  std::vector<std::thread> threads;
  {
    base::MutexLock lock(mutex_);
    stopping_ = true;
    threads.swap(threads_);
  }
  work_.notify_all();
  for (std::thread& t : threads) t.join();
}

void DiskThreads::post(Job job) {
  bool here = false;
  {
    base::MutexLock lock(mutex_);
    if (idle_ <= jobs_.size() && threads_.size() < kMaxThreads) {
      auto disk = std::make_unique<DiskThread>(env_);
      try {
        threads_.emplace_back([this, raw = disk.get()] { run(raw); });
        disks_.push_back(std::move(disk));
      } catch (const std::system_error&) {
        // No thread to be had (a process or memory limit): with none yet, the job runs
        // here; otherwise it waits for one of those there are.
        here = threads_.empty();
      }
    }
    if (!here) jobs_.push_back(std::move(job));
  }
  if (here) {
    DiskThread disk(env_);
    job(disk);
    return;
  }
  work_.notify_one();
}

void DiskThreads::run(DiskThread* me) {
  base::name_this_thread("hoist-disk");
  while (true) {
    Job job;
    {
      base::MutexLock lock(mutex_);
      while (jobs_.empty() && !stopping_) {
        ++idle_;
        work_.wait(mutex_);
        --idle_;
      }
      if (jobs_.empty()) return;  // stopping, and nothing left to run
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    job(*me);
  }
}

}  // namespace hoist::transfer

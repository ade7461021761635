#include "io/fault_injecting_env.h"

#include <algorithm>
#include <cerrno>
#include <thread>

namespace hoist::io {
namespace {

// Wraps a queue: failing requests complete here without reaching it; short reads are cut.
class FaultInjectingQueue : public IoQueue {
 public:
  FaultInjectingQueue(FaultInjectingEnv* env, std::unique_ptr<IoQueue> base)
      : env_(env), base_(std::move(base)) {}

  const char* name() const override { return base_->name(); }
  unsigned depth() const override { return base_->depth(); }
  unsigned in_flight() const override {
    return base_->in_flight() + static_cast<unsigned>(failed_.size());
  }

  Status submit(std::span<const IoRequest> requests) override {
    if (in_flight() + requests.size() > depth()) {
      return Status{EBUSY, "submit: more requests than the queue depth"};
    }
    forward_.clear();
    for (const IoRequest& request : requests) {
      FaultOp op = request.op == IoOp::kRead ? FaultOp::kRead : FaultOp::kWrite;
      Fault fault;
      if (!env_->should_fail(op, request.file->path(), request.offset, request.length, &fault)) {
        forward_.push_back(request);
      } else if (fault.error != 0 || op != FaultOp::kRead) {
        failed_.push_back(IoCompletion{request.tag, -(fault.error != 0 ? fault.error : EIO)});
      } else {
        forward_.push_back(request);
        cut_.push_back(Cut{request.tag, fault.short_length});
      }
    }
    return forward_.empty() ? Status{} : base_->submit(forward_);
  }

  Status reap(size_t min, std::span<IoCompletion> out, size_t* reaped) override {
    size_t n = 0;
    while (n < out.size() && !failed_.empty()) {
      out[n++] = failed_.front();
      failed_.pop_front();
    }
    size_t from_base = 0;
    Status status;
    if (n < out.size() && base_->in_flight() > 0) {
      status = base_->reap(min > n ? min - n : 0, out.subspan(n), &from_base);
    }
    for (size_t i = n; i < n + from_base; ++i) shorten(&out[i]);
    *reaped = n + from_base;
    return status;
  }

  Status register_buffers(std::span<const iovec> buffers) override {
    return base_->register_buffers(buffers);
  }

 private:
  struct Cut {
    uint64_t tag;
    size_t length;
  };

  void shorten(IoCompletion* completion) {
    auto it = std::find_if(cut_.begin(), cut_.end(),
                           [&](const Cut& cut) { return cut.tag == completion->tag; });
    if (it == cut_.end()) return;
    if (completion->result > static_cast<int64_t>(it->length)) {
      completion->result = static_cast<int64_t>(it->length);
    }
    cut_.erase(it);
  }

  FaultInjectingEnv* env_;
  std::unique_ptr<IoQueue> base_;
  std::vector<IoRequest> forward_;
  std::deque<IoCompletion> failed_;
  std::vector<Cut> cut_;
};

bool touches(const Fault& fault, uint64_t offset, size_t length) {
  if (fault.offset == kAnyOffset) return true;
  return fault.offset >= offset && fault.offset - offset < std::max<size_t>(length, 1);
}

}  // namespace

FaultInjectingEnv::FaultInjectingEnv(Env* base)
    : base_(base), name_(std::string("fault(") + base->name() + ")") {}

FaultInjectingEnv::FaultInjectingEnv(std::unique_ptr<Env> base) : FaultInjectingEnv(base.get()) {
  owned_ = std::move(base);
}

void FaultInjectingEnv::add(const Fault& fault) {
  base::MutexLock lock(mutex_);
  faults_.push_back(Armed{fault});
}

void FaultInjectingEnv::clear() {
  base::MutexLock lock(mutex_);
  faults_.clear();
}

uint64_t FaultInjectingEnv::injected() const {
  base::MutexLock lock(mutex_);
  return injected_;
}

bool FaultInjectingEnv::should_fail(FaultOp op, const std::string& path, uint64_t offset,
                                    size_t length, Fault* fired) {
  std::chrono::milliseconds stall{0};
  bool failed = false;
  {
    base::MutexLock lock(mutex_);
    for (Armed& armed : faults_) {
      const Fault& f = armed.fault;
      if (f.op != op || (!f.path.empty() && f.path != path) || !touches(f, offset, length)) {
        continue;
      }
      if (armed.seen++ < f.after || armed.fired >= f.times) continue;
      ++armed.fired;
      ++injected_;
      if (f.delay.count() > 0) {  // slow, and perhaps failed too by a fault further on
        stall += f.delay;
        continue;
      }
      *fired = f;
      failed = true;
      break;
    }
  }
  // Waited out unlocked, so that other operations (and other faults) go on meanwhile.
  if (stall.count() > 0) std::this_thread::sleep_for(stall);
  return failed;
}

Status FaultInjectingEnv::check(FaultOp op, const char* what, const std::string& path) {
  Fault fault;
  if (!should_fail(op, path, kAnyOffset, 0, &fault)) return {};
  return Status::from_errno(fault.error != 0 ? fault.error : EIO, what, path);
}

Status FaultInjectingEnv::open_for_read(const std::string& path, const OpenOptions& options,
                                        std::unique_ptr<File>* out) {
  Status injected = check(FaultOp::kOpenRead, "open", path);
  return injected.ok() ? base_->open_for_read(path, options, out) : injected;
}

Status FaultInjectingEnv::open_for_write(const std::string& path, const OpenOptions& options,
                                         std::unique_ptr<File>* out) {
  Status injected = check(FaultOp::kOpenWrite, "create", path);
  return injected.ok() ? base_->open_for_write(path, options, out) : injected;
}

Status FaultInjectingEnv::open_directory(const std::string& path, int* fd) {
  Status injected = check(FaultOp::kOpenDirectory, "open directory", path);
  return injected.ok() ? base_->open_directory(path, fd) : injected;
}

Status FaultInjectingEnv::read_at(const File& file, uint64_t offset, size_t size, char* dst,
                                  size_t* read_bytes) {
  Fault fault;
  if (!should_fail(FaultOp::kRead, file.path(), offset, size, &fault)) {
    return base_->read_at(file, offset, size, dst, read_bytes);
  }
  if (fault.error != 0) {
    *read_bytes = 0;
    return Status::from_errno(fault.error, "read", file.path());
  }
  return base_->read_at(file, offset, std::min(size, fault.short_length), dst, read_bytes);
}

Status FaultInjectingEnv::stat(const std::string& path, FileStat* out) {
  Status injected = check(FaultOp::kStat, "stat", path);
  return injected.ok() ? base_->stat(path, out) : injected;
}

Status FaultInjectingEnv::stat_entry(int dir_fd, const std::string& dir_path, const char* name,
                                     bool follow_symlinks, struct stat* out) {
  Status injected = check(FaultOp::kStat, "stat", entry_path(dir_path, name));
  return injected.ok() ? base_->stat_entry(dir_fd, dir_path, name, follow_symlinks, out) : injected;
}

Status FaultInjectingEnv::sync(const File& file) {
  Status injected = check(FaultOp::kSync, "sync", file.path());
  return injected.ok() ? base_->sync(file) : injected;
}

Status FaultInjectingEnv::rename(const std::string& from, const std::string& to) {
  Status injected = check(FaultOp::kRename, "rename into", to);
  return injected.ok() ? base_->rename(from, to) : injected;
}

Status FaultInjectingEnv::unlink(const std::string& path) {
  Status injected = check(FaultOp::kUnlink, "remove", path);
  return injected.ok() ? base_->unlink(path) : injected;
}

Status FaultInjectingEnv::create_directories(const std::string& path) {
  Status injected = check(FaultOp::kCreateDirectories, "create directory", path);
  return injected.ok() ? base_->create_directories(path) : injected;
}

Status FaultInjectingEnv::new_queue(const QueueOptions& options, std::unique_ptr<IoQueue>* out) {
  std::unique_ptr<IoQueue> base;
  Status made = base_->new_queue(options, &base);
  if (!made.ok()) return made;
  *out = std::make_unique<FaultInjectingQueue>(this, std::move(base));
  return {};
}

}  // namespace hoist::io

// FaultInjectingEnv: an Env for tests that passes everything to another Env except the
// failures it is told to inject: an errno (EIO, ENOSPC, EACCES, ...), a short read, or a slow
// disk (a delay), on a chosen operation, path, offset, after a number of successful
// operations. Queue requests
// that fail never reach the wrapped queue; short reads do and are cut on the way back, the
// way a file truncated under a reader looks.
//
// Thread-safe like any Env; faults may be added while queues are running.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "base/mutex.h"
#include "io/env.h"

namespace hoist::io {

enum class FaultOp : uint8_t {
  kOpenRead,
  kOpenWrite,
  kOpenDirectory,
  kStat,
  kSync,
  kRename,  // matched on the target path
  kUnlink,
  kCreateDirectories,
  kRead,  // queue requests and Env::read_at
  kWrite,
};

inline constexpr uint64_t kAnyOffset = UINT64_MAX;

struct Fault {
  FaultOp op = FaultOp::kRead;
  std::string path = {};         // the exact path; empty matches every path
  uint64_t offset = kAnyOffset;  // kRead/kWrite: only requests whose bytes include it
  uint64_t after = 0;            // this many matching operations succeed first
  uint64_t times = UINT64_MAX;   // then this many fail
  int error = EIO;               // the errno; 0 with kRead means a short read
  size_t short_length = 0;       // error == 0: the most bytes the read returns
  // A slow disk instead of a failure: the operation waits this long on the calling thread,
  // then goes through unharmed (`error` and `short_length` are not used).
  std::chrono::milliseconds delay{0};
};

class FaultInjectingEnv : public Env {
 public:
  // REQUIRES: `base` outlives this Env.
  explicit FaultInjectingEnv(Env* base);
  explicit FaultInjectingEnv(std::unique_ptr<Env> base);

  void add(const Fault& fault);
  void clear();
  // How many operations have been failed, cut short or slowed so far.
  uint64_t injected() const;

  // If a fault matches this operation, counts it and returns it in *fired; delays matching it
  // are waited out here first (with no failing fault, the operation goes on: false).
  bool should_fail(FaultOp op, const std::string& path, uint64_t offset, size_t length,
                   Fault* fired);

  const char* name() const override { return name_.c_str(); }
  Status open_for_read(const std::string& path, const OpenOptions& options,
                       std::unique_ptr<File>* out) override;
  Status open_for_write(const std::string& path, const OpenOptions& options,
                        std::unique_ptr<File>* out) override;
  Status open_directory(const std::string& path, int* fd) override;
  Status read_at(const File& file, uint64_t offset, size_t size, char* dst,
                 size_t* read_bytes) override;
  Status stat(const std::string& path, FileStat* out) override;
  // Faults kStat on the entry's path (entry_path()).
  Status stat_entry(int dir_fd, const std::string& dir_path, const char* name, bool follow_symlinks,
                    struct stat* out) override;
  Status sync(const File& file) override;
  Status rename(const std::string& from, const std::string& to) override;
  Status unlink(const std::string& path) override;
  Status create_directories(const std::string& path) override;
  Status new_queue(const QueueOptions& options, std::unique_ptr<IoQueue>* out) override;

 private:
  struct Armed {
    Fault fault;
    uint64_t seen = 0;
    uint64_t fired = 0;
  };
  // The injected Status for `op` on `path`, or ok.
  Status check(FaultOp op, const char* what, const std::string& path);

  std::unique_ptr<Env> owned_;
  Env* base_;
  std::string name_;
  mutable base::Mutex mutex_;
  std::vector<Armed> faults_ GUARDED_BY(mutex_);
  uint64_t injected_ GUARDED_BY(mutex_) = 0;
};

}  // namespace hoist::io

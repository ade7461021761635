// EngineContext: everything the workers of one transfer share: settings, the buffer pool,
// the work queue, counters, the progress counter and bandwidth cap its requests are
// accounted to, the resume journal, and the box
// finished objects are reported into. Owned by the Engine; workers and tasks hold pointers.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "base/mutex.h"
#include "engine/checksum/algorithm.h"
#include "engine/compress/codec.h"
#include "engine/http/message.h"
#include "engine/transfer/journal.h"
#include "engine/transfer/latency_recorder.h"
#include "engine/transfer/object_options.h"
#include "engine/transfer/partial_download.h"
#include "engine/transfer/transfer_counters.h"
#include "engine/transfer/work_queue.h"
#include "hoist/transfer.h"
#include "io/buffer_pool.h"
#include "io/env.h"

namespace hoist::transfer {

// The sizes one transfer runs with, resolved from TransferOptions and the machine.
struct EngineSettings {
  int threads = 1;       // engine threads it runs on (of the Client's), a Worker on each
  int concurrency = 16;  // data requests in flight across all threads
  size_t buffer_size = kDefaultPartSize;  // one part per pooled buffer
  uint64_t max_memory = 0;                // the pool's cap
};

// Per-object choices that apply to every object of a transfer.
struct ObjectSettings {
  checksum::Algorithm algorithm = checksum::Algorithm::crc32c;
  std::string content_type;
  uint64_t part_size = kDefaultPartSize;  // requested (0 never: resolved)
  uint64_t multipart_threshold = kDefaultMultipartThreshold;
  bool resume = true;
  bool fsync = false;  // downloads: flush each file to disk before it is renamed into place
  std::optional<compress::Codec> codec;  // uploads: compress with it (--compress)
  bool raw = false;  // downloads: keep Content-Encoding gzip/zstd objects compressed
  // Encryption, tags, ACL, object lock, user metadata and the SSE-C key.
  ObjectOptions options;
  // x-amz-storage-class of new objects; empty: none is sent (S3 stores STANDARD).
  std::string storage_class;
  // Report each object as it would go (ObjectReport::dryrun) and move nothing.
  bool dryrun = false;
};

// Multipart uploads begun and not yet completed or aborted, so a cancelled transfer can
// abort them (or count them as kept for resume).
class OpenUploads {
 public:
  struct Entry {
    std::string bucket, key, upload_id;
    // Journaled (a file's): a cancelled transfer keeps it for the next run to resume. A
    // stream's cannot be resumed and is always aborted.
    bool resumable = false;
    auto operator<=>(const Entry&) const = default;
  };
  void add(Entry entry);
  void remove(const Entry& entry);
  std::vector<Entry> snapshot() const;

 private:
  mutable base::Mutex mutex_;
  std::set<Entry> entries_ GUARDED_BY(mutex_);
};

// Where workers put finished objects; the coordinator thread takes them out to run the
// caller's callbacks, so callbacks never run on engine threads.
class ReportBox {
 public:
  void put(ObjectReport report);
  // Waits up to `timeout` for a report (or wake()), then moves all waiting ones out.
  std::vector<ObjectReport> take(std::chrono::milliseconds timeout);
  void wake();

 private:
  base::Mutex mutex_;
  base::CondVar ready_;
  std::vector<ObjectReport> reports_ GUARDED_BY(mutex_);
  bool woken_ GUARDED_BY(mutex_) = false;
};

struct EngineContext {
  EngineSettings settings;
  ObjectSettings object;
  io::Env* env = nullptr;
  std::unique_ptr<io::BufferPool> pool;
  WorkQueue queue;
  LatencyRecorder latency;
  TransferCounters counters;
  Journal* journal = nullptr;  // null: uploads are not journaled (no resume)
  // Downloads kept by a pause and taken up by a resume; null: a stop discards them.
  std::shared_ptr<PartialDownloads> partial_downloads;
  OpenUploads open_uploads;
  ReportBox reports;
  std::atomic<bool> cancelled{false};
  std::atomic<uint64_t> objects_open{0};  // handed to the engine and not yet reported
  std::function<void()> wake_workers;     // set by the Engine: new work or a freed buffer
  // Body bytes of this transfer's requests still moving, which progress adds to the confirmed
  // bytes (http::RequestAccount).
  std::shared_ptr<std::atomic<int64_t>> body_bytes_in_flight =
      std::make_shared<std::atomic<int64_t>>(0);
  // The --bwlimit cap all of this transfer's requests share; null: none.
  std::shared_ptr<http::TokenBucket> bandwidth;

  EngineContext(EngineSettings s, ObjectSettings o, io::Env* e)
      : settings(s), object(std::move(o)), env(e) {}

  // Records the end of one object: counters, the report for the caller, one fewer open.
  void finish_object(ObjectReport report);
  // Queues work and wakes a worker to take it.
  void enqueue(Task task, bool urgent);
  void enqueue_all(std::vector<Task> tasks, bool urgent);
};

}  // namespace hoist::transfer

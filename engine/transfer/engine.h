// Engine: runs one transfer. The calling thread is the coordinator: it hands objects to the
// engine (a first task per object), and while it waits it runs the caller's callbacks
// (progress, per-object reports). The requests are done by the Client's engine threads
// (engine_threads.h), shared with its other transfers: a Worker of this transfer on each.
//
// Back-pressure: add() blocks while too many objects are open, so a walk of millions of
// files holds only a window of them in memory.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

#include "engine/http/token_bucket.h"
#include "engine/s3/service.h"
#include "engine/s3/service_pool.h"
#include "engine/transfer/engine_context.h"
#include "engine/transfer/engine_threads.h"
#include "engine/transfer/worker.h"
#include "hoist/transfer.h"
#include "io/memory_budget.h"

namespace hoist::transfer {

struct EngineConfig {
  s3::ServiceOptions service;
  s3::CredentialsSource credentials;
  // Where the engine's threads and its coordinator lease their Services, so connections
  // outlive the transfer (a Client's pool). Null: a pool of the engine's own, from `service`
  // and `credentials`.
  s3::ServicePool* services = nullptr;
  // The threads that run the requests, the Client's (shared with its other transfers). Null:
  // threads of the engine's own, leasing from `services`.
  std::shared_ptr<EngineThreads> threads;
  // The --bwlimit cap every request of this transfer draws on; null: none.
  std::shared_ptr<http::TokenBucket> bandwidth;
  EngineSettings settings;
  ObjectSettings object;
  io::Env* env = nullptr;
  Journal* journal = nullptr;                // null: no resume
  // Downloads a pause keeps and a resume takes up (partial_download.h); null: none.
  std::shared_ptr<PartialDownloads> partial_downloads;
  const TransferOptions* options = nullptr;  // callbacks and cancel flag; REQUIRES non-null
  // A second cancel flag, a TransferHandle's, heeded like options->cancel; null: none.
  const std::atomic<bool>* stop = nullptr;
  // The cap this transfer's buffers share with the other transfers of its Client; null: only
  // settings.max_memory applies.
  std::shared_ptr<io::MemoryBudget> memory;
};

// Threads, concurrency, buffer size and memory cap for `options` on this machine, for parts
// of `part_size` bytes, within `client_cap` (the Client's cap on all its transfers together).
// Fails when an explicit --max-memory, or the Client's cap, cannot hold two buffers.
// Whether a transfer was asked to stop: its TransferOptions::cancel or `stop` (a
// TransferHandle's flag; null: none) is raised.
bool cancel_raised(const TransferOptions& options, const std::atomic<bool>* stop);

Result<EngineSettings> resolve_engine_settings(const TransferOptions& options, uint64_t part_size,
                                               uint64_t client_cap);

class Engine {
 public:
  static Result<std::unique_ptr<Engine>> create(EngineConfig config);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Hands one object of `bytes` bytes to the engine, starting with `first`. Waits (running
  // callbacks) while the window of open objects is full. False once cancelled.
  bool add(Task first, uint64_t bytes);
  // Counts one object whose tasks the caller queues itself (a stream); the caller must end
  // it with context().finish_object().
  void open_object();
  // Runs callbacks until `done()` is true or the transfer is cancelled; false if cancelled.
  bool wait_until(const std::function<bool()>& done);
  // Waits for a pooled buffer (running callbacks meanwhile); false if cancelled.
  bool acquire_buffer(io::PoolBuffer* out);

  // An object that ended before reaching the engine: failed (a refused plan) or, with
  // `report.unreadable`, a local entry skipped with a warning.
  void add_failed(ObjectReport report);
  // An entry passed over by choice (a directory marker).
  void add_skipped();

  // Waits until every object has been reported (or the transfer was cancelled), stops the
  // threads, and tells how it went. Call once, after the last add().
  TransferSummary finish();

  EngineContext& context() { return *context_; }
  // The coordinator's own connection, for listings and other synchronous calls.
  s3::Service& control() { return *control_; }
  bool cancelled() const { return context_->cancelled.load(); }
  // For a feeder between objects (a listing page, say): notices a cancel request now rather
  // than at the next add(), and if there is one, stops the transfer as cut short. True when
  // the feeder must stop adding.
  bool stop_requested();
  // Whether a cancel was asked for (either flag) or has stopped the transfer; changes nothing,
  // so a wait elsewhere (a listing's retry) may ask it from inside.
  bool cancel_requested() const;

 private:
  explicit Engine(EngineConfig config);
  s3::ServicePool& services() { return config_.services ? *config_.services : *own_services_; }
  // Runs due callbacks; waits up to `timeout` for a report.
  void pump(std::chrono::milliseconds timeout);
  void check_cancel();
  void emit_progress();
  void close_open_uploads(TransferSummary* summary);
  // Tells the workers to end once idle (or, cancelled, once drained) and waits until their
  // threads have let go of them.
  void release_workers();

  EngineConfig config_;
  std::unique_ptr<EngineContext> context_;
  std::unique_ptr<s3::ServicePool> own_services_;  // when config_.services is null
  s3::ServicePool::Lease control_;
  std::shared_ptr<EngineThreads> threads_;     // config_.threads, or the engine's own
  std::vector<EngineThread*> worker_threads_;  // workers_[i] runs on worker_threads_[i]
  std::vector<std::unique_ptr<Worker>> workers_;
  std::optional<int> memory_waker_;  // registered with config_.memory
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point last_progress_;
  uint64_t window_;  // most objects open at once
  bool totals_final_ = false;
  bool input_cut_ = false;  // cancelled before every object was handed to the engine
};

}  // namespace hoist::transfer

#include "engine/transfer/engine.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <thread>

#include "engine/s3/abort_multipart_upload.h"
#include "engine/transfer/local_error.h"

namespace hoist::transfer {
namespace {

uint64_t physical_memory() {
  long pages = ::sysconf(_SC_PHYS_PAGES);
  long page_size = ::sysconf(_SC_PAGE_SIZE);
  return pages > 0 && page_size > 0 ? static_cast<uint64_t>(pages) * page_size : 4ull << 30;
}

// Engine threads: one per core up to four. Each drives many connections, so more threads
// than cores only adds switching; HOIST_ENGINE_THREADS overrides for experiments.
int engine_threads() {
  if (const char* forced = std::getenv("HOIST_ENGINE_THREADS")) {
    int n = std::atoi(forced);
    if (n >= 1 && n <= 64) return n;
  }
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  return static_cast<int>(std::min(cores, 4u));
}

}  // namespace

Result<EngineSettings> resolve_engine_settings(const TransferOptions& options, uint64_t part_size,
                                               uint64_t client_cap) {
  EngineSettings s;
  s.threads = engine_threads();
  // Like aws-c-s3, enough requests in flight to fill a fast link even when each one waits
  // on a distant server: 8 per core, at least 16, at most 64.
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  s.concurrency = options.concurrency > 0 ? options.concurrency : std::clamp(8 * cores, 16, 64);
  s.threads = std::min(s.threads, s.concurrency);
  // The pool hands out whole pages (O_DIRECT wants that alignment).
  part_size = (std::max<uint64_t>(part_size, 1) + 4095) / 4096 * 4096;
  s.buffer_size = part_size;
  // One buffer per request in flight plus one spare per thread, so reading the next part
  // overlaps sending the last; by default never more than a quarter of the machine's memory,
  // and never more than the Client lets all its transfers hold together.
  const uint64_t wanted = (static_cast<uint64_t>(s.concurrency) + s.threads) * part_size;
  if (options.max_memory > 0 || client_cap < 2 * part_size) {
    const uint64_t limit =
        options.max_memory > 0 ? std::min(options.max_memory, client_cap) : client_cap;
    if (limit < 2 * part_size) {
      // Name the cap that binds: the transfer's own (--max-memory) or the Client's.
      const std::string cap = options.max_memory > 0 && options.max_memory <= client_cap
                                  ? "--max-memory"
                                  : "the client's max_memory";
      return invalid_input("InvalidMaxMemory", cap + " " + std::to_string(limit >> 20) +
                                                   " MiB cannot hold two parts of " +
                                                   std::to_string(part_size >> 20) +
                                                   " MiB; raise it or lower --part-size");
    }
    s.max_memory = limit;
  } else {
    s.max_memory = std::max(std::min({wanted, physical_memory() / 4, client_cap}), 2 * part_size);
  }
  return s;
}

Engine::Engine(EngineConfig config)
    : config_(std::move(config)),
      context_(std::make_unique<EngineContext>(config_.settings, config_.object, config_.env)),
      own_services_(config_.services
                        ? nullptr
                        : std::make_unique<s3::ServicePool>(config_.service, config_.credentials)),
      control_(services().lease()),
      started_(std::chrono::steady_clock::now()),
      last_progress_(started_) {
  window_ = std::max<uint64_t>(256, 8ull * config_.settings.concurrency);
}

Result<std::unique_ptr<Engine>> Engine::create(EngineConfig config) {
  // The workers and the control Service share the caller's retry budget and throttle (a
  // Client's; each worker's Service asks them), or, without them, ones of this transfer's.
  if (!config.service.retry) config.service.retry = std::make_shared<s3::RetryPolicy>();
  if (!config.service.throttle) config.service.throttle = std::make_shared<s3::Throttle>();
  std::unique_ptr<io::BufferPool> pool;
  io::Status made = io::BufferPool::create(config.settings.buffer_size, config.settings.max_memory,
                                           &pool, config.memory);
  if (!made.ok()) {
    return invalid_input("InvalidMaxMemory", "cannot reserve " +
                                                 std::to_string(config.settings.max_memory >> 20) +
                                                 " MiB for part buffers: " + made.message);
  }
  std::unique_ptr<Engine> engine(new Engine(std::move(config)));
  EngineContext& c = *engine->context_;
  c.pool = std::move(pool);
  c.journal = engine->config_.journal;
  c.partial_downloads = engine->config_.partial_downloads;
  c.bandwidth = engine->config_.bandwidth;
  engine->threads_ = engine->config_.threads ? engine->config_.threads
                                             : std::make_shared<EngineThreads>(&engine->services(),
                                                                               engine->config_.env);
  engine->worker_threads_ = engine->threads_->take(engine->config_.settings.threads);
  for (EngineThread* thread : engine->worker_threads_) {
    engine->workers_.push_back(std::make_unique<Worker>(&c, thread));
  }
  Engine* self = engine.get();
  c.wake_workers = [self] {
    for (auto& w : self->workers_) w->wake();
  };
  // Bytes another transfer of the Client gives back wake these workers, which take buffers
  // without waiting for them.
  if (engine->config_.memory) {
    engine->memory_waker_ = engine->config_.memory->add_waker(c.wake_workers);
  }
  for (size_t i = 0; i < engine->workers_.size(); ++i) {
    engine->worker_threads_[i]->attach(engine->workers_[i].get());
  }
  return engine;
}

Engine::~Engine() {
  if (memory_waker_) config_.memory->remove_waker(*memory_waker_);
  context_->cancelled.store(true);
  // A worker that lets go drops the requests a cancel left in flight, and with them downloads
  // whose buffers go back to the pool, waking this transfer's workers: all of them stay
  // until every one is released.
  release_workers();
  context_->wake_workers = nullptr;
  workers_.clear();
}

void Engine::release_workers() {
  for (auto& w : workers_) w->request_stop();
  for (size_t i = 0; i < workers_.size(); ++i) {
    worker_threads_[i]->wait_released(workers_[i].get());
  }
}

bool Engine::stop_requested() {
  check_cancel();
  if (cancelled()) input_cut_ = true;
  return cancelled();
}

bool cancel_raised(const TransferOptions& options, const std::atomic<bool>* stop) {
  auto raised = [](const std::atomic<bool>* flag) { return flag != nullptr && flag->load(); };
  return raised(options.cancel) || raised(stop);
}

bool Engine::cancel_requested() const {
  return cancelled() || cancel_raised(*config_.options, config_.stop);
}

void Engine::check_cancel() {
  if (cancel_requested() && !context_->cancelled.load()) {
    context_->cancelled.store(true);
    context_->queue.clear();
    context_->pool->cancel();
    for (auto& w : workers_) w->wake();
  }
}

void Engine::emit_progress() {
  const TransferOptions& o = *config_.options;
  if (!o.on_progress) return;
  const TransferCounters& n = context_->counters;
  TransferProgress p;
  // Confirmed bytes plus those of requests still moving, never past the total.
  const int64_t moving = std::max<int64_t>(0, context_->body_bytes_in_flight->load());
  p.bytes_total = n.bytes_total.load();
  p.bytes_done = std::min(p.bytes_total, n.bytes_done.load() + static_cast<uint64_t>(moving));
  p.objects_done = n.objects_done.load();
  p.objects_failed = n.objects_failed.load();
  p.objects_archived = n.objects_archived.load();
  p.objects_unreadable = n.objects_unreadable.load();
  p.objects_total = n.objects_total.load();
  p.totals_final = totals_final_;
  p.retries = context_->counters.retries.load();
  p.elapsed = std::chrono::steady_clock::now() - started_;
  o.on_progress(p);
}

void Engine::pump(std::chrono::milliseconds timeout) {
  check_cancel();
  const TransferOptions& o = *config_.options;
  for (ObjectReport& r : context_->reports.take(timeout)) {
    if (o.on_object) o.on_object(r);
  }
  const auto now = std::chrono::steady_clock::now();
  if (now - last_progress_ >= o.progress_interval) {
    last_progress_ = now;
    emit_progress();
  }
}

bool Engine::add(Task first, uint64_t bytes) {
  while (!cancelled() && context_->objects_open.load() >= window_) {
    pump(config_.options->progress_interval);
  }
  if (cancelled()) {
    input_cut_ = true;
    return false;
  }
  context_->counters.objects_total.fetch_add(1);
  context_->counters.bytes_total.fetch_add(bytes);
  context_->objects_open.fetch_add(1);
  context_->enqueue(std::move(first), /*urgent=*/false);
  pump(std::chrono::milliseconds(0));
  if (cancelled()) input_cut_ = true;
  return !cancelled();
}

void Engine::open_object() {
  context_->counters.objects_total.fetch_add(1);
  context_->objects_open.fetch_add(1);
}

bool Engine::wait_until(const std::function<bool()>& done) {
  while (!done()) {
    if (cancelled()) return false;
    pump(std::chrono::milliseconds(10));
  }
  return true;
}

bool Engine::acquire_buffer(io::PoolBuffer* out) {
  // Short waits on the pool itself: a freed buffer is taken at once, and callbacks still run.
  while (!cancelled()) {
    if (context_->pool->acquire_for(std::chrono::milliseconds(20), out)) return true;
    pump(std::chrono::milliseconds(0));
  }
  return false;
}

void Engine::add_failed(ObjectReport report) {
  context_->counters.objects_total.fetch_add(1);
  context_->objects_open.fetch_add(1);
  context_->finish_object(std::move(report));
  pump(std::chrono::milliseconds(0));
}

void Engine::add_skipped() { context_->counters.objects_skipped.fetch_add(1); }

void Engine::close_open_uploads(TransferSummary* summary) {
  for (const OpenUploads::Entry& u : context_->open_uploads.snapshot()) {
    if (context_->journal && u.resumable) {
      ++summary->uploads_kept;  // the journal has it: the same command resumes it
      continue;
    }
    auto aborted = control_->execute(s3::abort_multipart_upload(u.bucket, u.key, u.upload_id));
    if (!aborted.ok()) ++summary->uploads_kept;
  }
}

TransferSummary Engine::finish() {
  totals_final_ = true;
  while (!cancelled() && context_->objects_open.load() > 0)
    pump(config_.options->progress_interval);
  release_workers();
  pump(std::chrono::milliseconds(0));  // reports that arrived last
  emit_progress();

  EngineContext& c = *context_;
  TransferSummary s;
  // A signal that came after the last object finished interrupted nothing.
  s.interrupted = cancelled() && (input_cut_ || context_->objects_open.load() > 0);
  if (s.interrupted) close_open_uploads(&s);
  s.bytes = c.counters.succeeded_bytes.load();
  s.bytes_confirmed = c.counters.bytes_done.load();
  s.objects = c.counters.objects_done.load();
  s.failures = c.counters.objects_failed.load();
  s.skipped = c.counters.objects_skipped.load();
  s.retries = c.counters.retries.load();
  s.bytes_sent = c.counters.bytes_sent.load();
  s.bytes_resumed = c.counters.bytes_resumed.load();
  s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  s.request_p50_ms = c.latency.percentile_ms(50);
  s.request_p99_ms = c.latency.percentile_ms(99);
  s.peak_buffer_bytes = c.pool->stats().peak_in_use_bytes;
  s.max_memory = c.settings.max_memory;
  s.concurrency = c.settings.concurrency;
  s.part_size = c.object.part_size;
  s.stored_bytes = c.counters.succeeded_stored_bytes.load();
  s.archived_skipped = c.counters.objects_archived.load();
  s.unreadable_skipped = c.counters.objects_unreadable.load();
  return s;
}

}  // namespace hoist::transfer

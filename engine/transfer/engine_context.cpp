#include "engine/transfer/engine_context.h"

namespace hoist::transfer {

void OpenUploads::add(Entry entry) {
  base::MutexLock lock(mutex_);
  entries_.insert(std::move(entry));
}

void OpenUploads::remove(const Entry& entry) {
  base::MutexLock lock(mutex_);
  entries_.erase(entry);
}

std::vector<OpenUploads::Entry> OpenUploads::snapshot() const {
  base::MutexLock lock(mutex_);
  return {entries_.begin(), entries_.end()};
}

void ReportBox::put(ObjectReport report) {
  {
    base::MutexLock lock(mutex_);
    reports_.push_back(std::move(report));
  }
  ready_.notify_one();
}

std::vector<ObjectReport> ReportBox::take(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  base::MutexLock lock(mutex_);
  while (reports_.empty() && !woken_) {
    if (!ready_.wait_until(mutex_, deadline)) break;
  }
  woken_ = false;
  return std::exchange(reports_, {});
}

void ReportBox::wake() {
  {
    base::MutexLock lock(mutex_);
    woken_ = true;
  }
  ready_.notify_one();
}

void EngineContext::finish_object(ObjectReport report) {
  if (report.archived) {
    counters.objects_archived.fetch_add(1);
  } else if (report.unreadable) {
    counters.objects_unreadable.fetch_add(1);
  } else if (report.error) {
    counters.objects_failed.fetch_add(1);
  } else {
    counters.objects_done.fetch_add(1);
    counters.succeeded_bytes.fetch_add(report.bytes);
    counters.succeeded_stored_bytes.fetch_add(report.stored_bytes);
  }
  reports.put(std::move(report));
  objects_open.fetch_sub(1);
  reports.wake();
}

void EngineContext::enqueue(Task task, bool urgent) {
  queue.push(std::move(task), urgent);
  if (wake_workers) wake_workers();
}

void EngineContext::enqueue_all(std::vector<Task> tasks, bool urgent) {
  queue.push_all(std::move(tasks), urgent);
  if (wake_workers) wake_workers();
}

}  // namespace hoist::transfer

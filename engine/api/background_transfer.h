// BackgroundTransfer: what a TransferHandle shares with the thread that runs its transfer
// (the latest progress, the stop flag, the result), and BackgroundRegistry, through which a
// Client stops and waits for the transfers still running when it is destroyed.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "base/mutex.h"
#include "hoist/result.h"
#include "hoist/transfer.h"

namespace hoist::api {

// The part of a background transfer that does not depend on its summary's type.
class BackgroundRun {
 public:
  BackgroundRun() = default;
  BackgroundRun(const BackgroundRun&) = delete;
  BackgroundRun& operator=(const BackgroundRun&) = delete;
  // Joins the thread, or, when the last reference went on the thread itself (its closure
  // holds one), lets it end on its own.
  virtual ~BackgroundRun();

  // Runs `body` on a thread of its own. Call once. When no thread can be made (the process's
  // limit), the transfer ends at once through not_started() instead.
  void launch(std::function<void()> body);
  // Waits for that thread to end; from any thread, any number of times. On the thread itself
  // (a callback dropping its handle) it returns at once: a thread cannot wait for itself.
  void join();
  // True on the transfer's own thread, where its callbacks run.
  bool on_own_thread() const { return thread_id_.load() == std::this_thread::get_id(); }

  // The handle's cancel flag: the engine heeds it as it heeds TransferOptions::cancel.
  std::atomic<bool> stop{false};
  // Set by pause() before `stop`: the stop keeps what a resume can take up (a download's
  // temporary files) instead of discarding it.
  std::atomic<bool> pausing{false};

 protected:
  // What both destructors do: join, or detach on the thread itself.
  void release_thread();
  virtual void not_started(const std::string& why) = 0;

 private:
  base::Mutex join_mutex_;
  std::thread thread_ GUARDED_BY(join_mutex_);
  std::atomic<std::thread::id> thread_id_{};
};

template <typename Summary>
class BackgroundTransfer : public BackgroundRun {
 public:
  // Joins before the members the thread writes to go away (see ~BackgroundRun).
  ~BackgroundTransfer() override { release_thread(); }

  // What makes the token pause() returns (api/resume_token.h), once the transfer stopped;
  // unset for a transfer that cannot pause.
  void set_resume_token(std::function<std::string()> make) {
    base::MutexLock lock(mutex_);
    make_resume_token_ = std::move(make);
  }
  bool can_pause() const {
    base::MutexLock lock(mutex_);
    return static_cast<bool>(make_resume_token_);
  }
  std::string resume_token() const {
    base::MutexLock lock(mutex_);
    return make_resume_token_ ? make_resume_token_() : std::string();
  }
  void record_progress(const TransferProgress& progress) {
    base::MutexLock lock(mutex_);
    latest_ = progress;
  }
  TransferProgress progress() const {
    base::MutexLock lock(mutex_);
    return latest_;
  }
  void finish(Result<Summary> outcome) {
    {
      base::MutexLock lock(mutex_);
      outcome_.emplace(std::move(outcome));
    }
    ended_.notify_all();
  }
  bool wait_for(std::chrono::milliseconds timeout) const {
    // Saturated: a caller's "forever" (milliseconds::max()) must not wrap into the past.
    const auto now = std::chrono::steady_clock::now();
    const auto deadline = timeout >= std::chrono::hours(24 * 365)
                              ? now + std::chrono::hours(24 * 365)
                              : now + timeout;
    base::MutexLock lock(mutex_);
    while (!outcome_) {
      if (!ended_.wait_until(mutex_, deadline)) break;
    }
    return outcome_.has_value();
  }
  Result<Summary> wait() const {
    if (on_own_thread()) {
      return Error::make(ErrorKind::kInvalid, "WaitOnOwnThread",
                         "a transfer's callback cannot wait for the transfer it reports on");
    }
    base::MutexLock lock(mutex_);
    while (!outcome_) ended_.wait(mutex_);
    return *outcome_;
  }

 protected:
  void not_started(const std::string& why) override {
    finish(Error::make(ErrorKind::kLocal, "ThreadUnavailable",
                       "cannot start a thread for the transfer: " + why));
  }

 private:
  mutable base::Mutex mutex_;
  mutable base::CondVar ended_;
  TransferProgress latest_ GUARDED_BY(mutex_);
  std::optional<Result<Summary>> outcome_ GUARDED_BY(mutex_);
  std::function<std::string()> make_resume_token_ GUARDED_BY(mutex_);
};

// The background transfers of one Client.
class BackgroundRegistry {
 public:
  void add(const std::shared_ptr<BackgroundRun>& run);
  // Cancels every transfer still running and waits for each to end.
  void stop_all();

 private:
  base::Mutex mutex_;
  std::vector<std::weak_ptr<BackgroundRun>> runs_ GUARDED_BY(mutex_);
};

}  // namespace hoist::api

#pragma once
// The one lock type of hoist: std::mutex with clang's thread-safety attributes
// (thread_annotations.h), so that which fields a lock guards is written next to the fields
// and checked by the compiler rather than described in comments.

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "base/thread_annotations.h"

namespace hoist::base {

class CAPABILITY("mutex") Mutex {
 public:
  Mutex() = default;
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  void lock() ACQUIRE() { mutex_.lock(); }
  void unlock() RELEASE() { mutex_.unlock(); }
  // Tells the analysis the caller holds this mutex, where it cannot see so itself: in a
  // lambda run under the lock (analysed as a function of its own). Checks nothing at run
  // time: std::mutex cannot say who holds it.
  void assert_held() const ASSERT_CAPABILITY(this) {}

 private:
  friend class CondVar;
  std::mutex mutex_;
};

// Holds a Mutex for its scope.
class SCOPED_CAPABILITY MutexLock {
 public:
  explicit MutexLock(Mutex& mutex) ACQUIRE(mutex) : mutex_(mutex) { mutex_.lock(); }
  ~MutexLock() RELEASE() { mutex_.unlock(); }
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

 private:
  Mutex& mutex_;
};

// A condition variable over a base::Mutex the caller holds. Waits take no predicate: the
// caller loops on its condition in its own (REQUIRES-annotated or locked) scope, where the
// analysis can see that the guarded fields it reads are protected; a predicate lambda would
// be analysed as a separate function that holds nothing.
class CondVar {
 public:
  CondVar() = default;
  CondVar(const CondVar&) = delete;
  CondVar& operator=(const CondVar&) = delete;

  // Releases `mutex` while waiting and holds it again on return; may wake spuriously.
  void wait(Mutex& mutex) REQUIRES(mutex) {
    std::unique_lock<std::mutex> lock(mutex.mutex_, std::adopt_lock);
    ready_.wait(lock);
    lock.release();  // still locked: the caller's MutexLock unlocks it
  }

  // As wait(); false when `deadline` passed before a notification.
  template <class Clock, class Duration>
  bool wait_until(Mutex& mutex, std::chrono::time_point<Clock, Duration> deadline) REQUIRES(mutex) {
    std::unique_lock<std::mutex> lock(mutex.mutex_, std::adopt_lock);
    const bool notified = ready_.wait_until(lock, deadline) == std::cv_status::no_timeout;
    lock.release();
    return notified;
  }

  void notify_one() { ready_.notify_one(); }
  void notify_all() { ready_.notify_all(); }

 private:
  std::condition_variable ready_;
};

}  // namespace hoist::base

// Retry decisions shared by every request of one Client: its own calls (Service::execute:
// listings, HeadObject, deletes) and every engine thread of every transfer it runs (one
// RetryPolicy in ServiceOptions::retry, shared by all the Services made from them).
//
// RetryPolicy answers "may this failed request go again, and after how long?". Besides a
// per-request attempt cap it keeps a retry budget for the whole Client (a token bucket, as
// the AWS SDKs' "standard" retry mode does): when many requests fail at once, because the
// link is down or the endpoint is unwell, retries stop quickly instead of multiplying the
// load by max_attempts. Successes refill the bucket, so a transient failure costs nothing
// in the long run.
//
// Throttle answers "how many requests may be in flight now?". S3 answers 503 SlowDown when a
// prefix gets more requests than it can take; the remedy is fewer requests, not just later
// ones, so the limit is halved on SlowDown and grows back one request at a time (AIMD). It is
// one per Client too (ServiceOptions::throttle): a SlowDown answered to a listing slows the
// Client's transfers as well.
//
// Both are thread-safe: the engine's threads call them concurrently without other locking.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>

#include "base/mutex.h"
#include "hoist/error.h"

namespace hoist::s3 {

struct RetryOptions {
  int max_attempts = 5;  // attempts per request, the first one included
  std::chrono::milliseconds base_delay{100};
  std::chrono::milliseconds max_delay{20000};
  uint32_t budget = 500;             // tokens in the shared bucket at the start, and its cap
  uint32_t retry_cost = 5;           // tokens one retry takes
  uint32_t timeout_retry_cost = 10;  // ... after a stall or timeout, which ties up a slot longer
  uint32_t success_refund = 1;       // tokens each success gives back
};

class RetryPolicy {
 public:
  // A seed from std::random_device: the jitter of separate processes must not line up.
  static uint64_t random_seed();

  // `seed` makes the delays reproducible in tests.
  explicit RetryPolicy(RetryOptions options = {}, uint64_t seed = random_seed());
  RetryPolicy(const RetryPolicy&) = delete;
  RetryPolicy& operator=(const RetryPolicy&) = delete;

  // Called after attempt number `attempt` (1-based) failed with a retryable error. Returns
  // the delay before the next attempt, or nullopt when the request must give up: it has
  // had max_attempts attempts, or the shared budget cannot pay for another retry
  // (retry_cost, or timeout_retry_cost when `timeout_like`). The delay is uniform in
  // [0, min(max_delay, base_delay * 2^(attempt-1))] ("full jitter"), so that requests which
  // failed together do not come back together.
  // REQUIRES: attempt >= 1
  std::optional<std::chrono::milliseconds> next_delay(int attempt, bool timeout_like);

  // next_delay() for a request whose attempt number `attempt` failed with `error`: nullopt at
  // once when the error is not retryable.
  std::optional<std::chrono::milliseconds> after_failure(const Error& error, int attempt);

  // A request succeeded: refunds success_refund tokens, up to the initial budget.
  void on_success();

  uint64_t retries() const;  // retries granted so far
  uint32_t budget_left() const;

 private:
  // Takes `cost` tokens if the bucket holds that many.
  bool take_tokens(uint32_t cost);
  // The next number of a splitmix64 sequence: lock-free, and good enough for jitter.
  uint64_t next_random();

  const RetryOptions options_;
  std::atomic<uint32_t> tokens_;
  std::atomic<uint64_t> retries_{0};
  std::atomic<uint64_t> random_state_;
};

class Throttle {
 public:
  Throttle() = default;
  Throttle(const Throttle&) = delete;
  Throttle& operator=(const Throttle&) = delete;

  // The limit on requests in flight for a sender whose own maximum is `max_in_flight` (a
  // transfer's concurrency): that maximum scaled by the current share, in [1, max_in_flight].
  // The share is common to every sender of one Client, so each slows in proportion.
  int allowed_in_flight(int max_in_flight) const;

  // The server answered SlowDown: halves the share. The requests in flight when the server
  // started refusing all fail within moments of each other; only the first SlowDown in any
  // 1 s window lowers it, so one wave counts once.
  void on_slow_down(std::chrono::steady_clock::time_point now);

  // A request of a sender allowed at most `max_in_flight` succeeded: raises the share by one
  // such request (up to the whole), once 2 s have passed since the last SlowDown (of any
  // wave), so the rate only climbs while the server is quiet.
  void on_success(std::chrono::steady_clock::time_point now, int max_in_flight);

  // SlowDown waves seen: the SlowDowns that started a window (those that halved the share,
  // or would have had it not already been at its floor).
  uint64_t slow_downs() const;

 private:
  static constexpr std::chrono::seconds kWindow{1};
  static constexpr std::chrono::seconds kQuietBeforeIncrease{2};
  // The share in units of 1/kWhole; never below kFloor, so recovery takes a bounded number
  // of successes however many waves came.
  static constexpr uint32_t kWhole = 1u << 16;
  static constexpr uint32_t kFloor = kWhole >> 10;

  std::atomic<uint32_t> share_{kWhole};  // read without the lock by allowed_in_flight()
  mutable base::Mutex mutex_;
  std::optional<std::chrono::steady_clock::time_point> window_start_ GUARDED_BY(mutex_);
  std::optional<std::chrono::steady_clock::time_point> last_slow_down_ GUARDED_BY(mutex_);
  uint64_t slow_downs_ GUARDED_BY(mutex_) = 0;
};

// A refusal that asks for fewer requests: SlowDown, or any 503.
bool is_slow_down(const Error& error);

}  // namespace hoist::s3

// TokenBucket: a bandwidth cap (bytes per second) that any number of threads draw from at
// once, for `--bwlimit`. Tokens (bytes) flow in continuously at `rate` per second and the
// bucket holds at most `burst` of them, so over any interval of length T no more than
// burst + rate * T bytes are granted: the cap is smooth at the scale of burst / rate, not of
// whole seconds or whole parts.
//
// The state is one atomic timestamp (the generic cell rate algorithm): the moment at which
// the bucket was, or will be, empty. Taking tokens moves it forward; a moment in the future
// is debt, which later takers repay by waiting. No lock, so the engine's threads share it on
// the data path without contending on a mutex.
//
// The clock is injectable so tests can step time by hand.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

namespace hoist::http {

class TokenBucket {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  // The burst used for a cap of `bytes_per_second`: about 20 ms worth, so that a thread woken
  // a few milliseconds late loses nothing, and at least 32 KiB, two of curl's receive chunks.
  static uint64_t default_burst(uint64_t bytes_per_second);

  // Starts full. REQUIRES: bytes_per_second >= 1, burst >= 1.
  TokenBucket(uint64_t bytes_per_second, uint64_t burst,
              Clock clock = &std::chrono::steady_clock::now);
  TokenBucket(const TokenBucket&) = delete;
  TokenBucket& operator=(const TokenBucket&) = delete;

  // Takes min(want, available) tokens when at least min(want, min_grant) are available, none
  // otherwise (so a sender is not fed a few bytes at a time); returns how many it took.
  uint64_t take_up_to(uint64_t want, uint64_t min_grant);

  // Takes all `n` tokens, going into debt for what the bucket does not hold, as long as it
  // is not in debt already; returns false (taking nothing) while it is. For data that arrives
  // in chunks that cannot be split (curl's received chunks).
  bool take_on_credit(uint64_t n);

  // How long until `n` tokens (at most burst) will be available; zero when they are now.
  std::chrono::nanoseconds time_until(uint64_t n) const;

  // Tokens available now (0 while in debt).
  uint64_t available() const;

  uint64_t rate() const { return rate_; }
  uint64_t burst() const { return burst_; }
  // "8 MiB/s (burst 164 KiB)", for --debug.
  std::string describe() const;

 private:
  int64_t now_ns() const;
  int64_t tokens_to_ns(uint64_t tokens) const;  // rounded up: never grants more than the rate
  uint64_t ns_to_tokens(int64_t ns) const;      // rounded down, likewise; at most burst
  // The empty moment as seen at `now`: never more than burst_ns_ in the past (a full bucket).
  int64_t effective_empty_at(int64_t now) const;

  const uint64_t rate_;
  const uint64_t burst_;
  const Clock clock_;
  const int64_t burst_ns_;
  std::atomic<int64_t> empty_at_ns_;  // clock time, in ns since its epoch
};

}  // namespace hoist::http

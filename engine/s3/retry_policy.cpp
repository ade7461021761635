#include "engine/s3/retry_policy.h"

#include <algorithm>
#include <random>

namespace hoist::s3 {
namespace {

// A stall or timeout ties up a connection longer than a quick refusal: its retry costs more.
bool timeout_like(const Error& e) {
  return e.code == "RequestTimeout" ||
         (e.kind == ErrorKind::kTransport && e.message.find("imeout") != std::string::npos);
}

}  // namespace

uint64_t RetryPolicy::random_seed() {
  std::random_device device;
  return (uint64_t{device()} << 32) ^ device();
}

RetryPolicy::RetryPolicy(RetryOptions options, uint64_t seed)
    : options_(options), tokens_(options.budget), random_state_(seed) {}

std::optional<std::chrono::milliseconds> RetryPolicy::next_delay(int attempt, bool timeout_like) {
  attempt = std::max(attempt, 1);
  if (attempt >= options_.max_attempts) return std::nullopt;
  if (!take_tokens(timeout_like ? options_.timeout_retry_cost : options_.retry_cost)) {
    return std::nullopt;
  }
  retries_.fetch_add(1, std::memory_order_relaxed);

  // base_delay * 2^(attempt-1), computed so that a large attempt number cannot overflow.
  const auto max_delay = static_cast<uint64_t>(std::max<int64_t>(options_.max_delay.count(), 0));
  const auto base_delay = static_cast<uint64_t>(std::max<int64_t>(options_.base_delay.count(), 0));
  const int shift = attempt - 1;
  const uint64_t cap = shift >= 63 || base_delay > (max_delay >> shift)
                           ? max_delay
                           : std::min(max_delay, base_delay << shift);
  // Modulo bias is at most cap / 2^64: irrelevant for jitter.
  return std::chrono::milliseconds(next_random() % (cap + 1));
}

std::optional<std::chrono::milliseconds> RetryPolicy::after_failure(const Error& error,
                                                                    int attempt) {
  if (!error.retryable) return std::nullopt;
  return next_delay(attempt, timeout_like(error));
}

void RetryPolicy::on_success() {
  uint32_t current = tokens_.load(std::memory_order_relaxed);
  uint32_t refilled;
  do {
    if (current >= options_.budget) return;
    refilled = options_.budget - current < options_.success_refund
                   ? options_.budget
                   : current + options_.success_refund;
  } while (!tokens_.compare_exchange_weak(current, refilled, std::memory_order_relaxed));
}

uint64_t RetryPolicy::retries() const { return retries_.load(std::memory_order_relaxed); }

uint32_t RetryPolicy::budget_left() const { return tokens_.load(std::memory_order_relaxed); }

bool RetryPolicy::take_tokens(uint32_t cost) {
  uint32_t current = tokens_.load(std::memory_order_relaxed);
  do {
    if (current < cost) return false;
  } while (!tokens_.compare_exchange_weak(current, current - cost, std::memory_order_relaxed));
  return true;
}

uint64_t RetryPolicy::next_random() {
  constexpr uint64_t kGamma = 0x9E3779B97F4A7C15ull;
  uint64_t z = random_state_.fetch_add(kGamma, std::memory_order_relaxed) + kGamma;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

int Throttle::allowed_in_flight(int max_in_flight) const {
  const uint64_t max = static_cast<uint64_t>(std::max(max_in_flight, 1));
  const uint64_t scaled = max * share_.load(std::memory_order_relaxed) / kWhole;
  return static_cast<int>(std::clamp<uint64_t>(scaled, 1, max));
}

void Throttle::on_slow_down(std::chrono::steady_clock::time_point now) {
  base::MutexLock lock(mutex_);
  // Threads read the clock before taking the lock, so `now` may be older than what another
  // thread recorded: keep the latest.
  if (!last_slow_down_ || now > *last_slow_down_) last_slow_down_ = now;
  if (window_start_ && now - *window_start_ < kWindow) return;
  window_start_ = now;
  ++slow_downs_;
  share_.store(std::max(share_.load(std::memory_order_relaxed) / 2, kFloor),
               std::memory_order_relaxed);
}

void Throttle::on_success(std::chrono::steady_clock::time_point now, int max_in_flight) {
  // Nearly always the share is whole: no lock on that path.
  if (share_.load(std::memory_order_relaxed) >= kWhole) return;
  base::MutexLock lock(mutex_);
  if (last_slow_down_ && now - *last_slow_down_ < kQuietBeforeIncrease) return;
  const uint32_t step = kWhole / static_cast<uint32_t>(std::max(max_in_flight, 1));
  share_.store(std::min(share_.load(std::memory_order_relaxed) + std::max(step, 1u), kWhole),
               std::memory_order_relaxed);
}

uint64_t Throttle::slow_downs() const {
  base::MutexLock lock(mutex_);
  return slow_downs_;
}

bool is_slow_down(const Error& error) {
  return error.code == "SlowDown" || error.http_status == 503;
}

}  // namespace hoist::s3

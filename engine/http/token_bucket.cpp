#include "engine/http/token_bucket.h"

#include <algorithm>
#include <cstdio>
#include <limits>

namespace hoist::http {
namespace {

constexpr int64_t kNsPerSecond = 1'000'000'000;

// Bytes in the largest binary unit that keeps the number at least 1: "8 MiB", "1.5 GiB".
std::string binary_size(uint64_t bytes) {
  static constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int unit = 0;
  double value = static_cast<double>(bytes);
  while (value >= 1024 && unit < 4) {
    value /= 1024;
    ++unit;
  }
  char text[32];
  if (value == static_cast<double>(static_cast<uint64_t>(value))) {
    std::snprintf(text, sizeof text, "%.0f %s", value, kUnits[unit]);
  } else {
    std::snprintf(text, sizeof text, "%.1f %s", value, kUnits[unit]);
  }
  return text;
}

}  // namespace

uint64_t TokenBucket::default_burst(uint64_t bytes_per_second) {
  return std::max<uint64_t>(bytes_per_second / 50, 32 * 1024);
}

TokenBucket::TokenBucket(uint64_t bytes_per_second, uint64_t burst, Clock clock)
    : rate_(std::max<uint64_t>(bytes_per_second, 1)),
      burst_(std::max<uint64_t>(burst, 1)),
      clock_(std::move(clock)),
      burst_ns_(tokens_to_ns(burst_)),
      empty_at_ns_(now_ns() - burst_ns_) {}

int64_t TokenBucket::now_ns() const {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(clock_().time_since_epoch()).count();
}

int64_t TokenBucket::tokens_to_ns(uint64_t tokens) const {
  // 128 bits: tokens * 1e9 overflows 64 bits from 18 GB on.
  const unsigned __int128 ns =
      (static_cast<unsigned __int128>(tokens) * kNsPerSecond + rate_ - 1) / rate_;
  // A debt of more than ~73 years is as good as forever.
  constexpr int64_t kLimit = std::numeric_limits<int64_t>::max() / 4;
  return ns > static_cast<unsigned __int128>(kLimit) ? kLimit : static_cast<int64_t>(ns);
}

uint64_t TokenBucket::ns_to_tokens(int64_t ns) const {
  if (ns <= 0) return 0;
  const auto tokens =
      static_cast<uint64_t>(static_cast<unsigned __int128>(ns) * rate_ / kNsPerSecond);
  return std::min(tokens, burst_);  // burst_ns_ was rounded up
}

int64_t TokenBucket::effective_empty_at(int64_t now) const {
  return std::max(empty_at_ns_.load(std::memory_order_relaxed), now - burst_ns_);
}

uint64_t TokenBucket::take_up_to(uint64_t want, uint64_t min_grant) {
  if (want == 0) return 0;
  const int64_t now = now_ns();
  int64_t seen = empty_at_ns_.load(std::memory_order_relaxed);
  while (true) {
    const int64_t start = std::max(seen, now - burst_ns_);
    const uint64_t available = ns_to_tokens(now - start);
    if (available == 0 || available < std::min(want, min_grant)) return 0;
    const uint64_t taken = std::min(want, available);
    if (empty_at_ns_.compare_exchange_weak(seen, start + tokens_to_ns(taken),
                                           std::memory_order_relaxed)) {
      return taken;
    }
  }
}

bool TokenBucket::take_on_credit(uint64_t n) {
  if (n == 0) return true;
  const int64_t now = now_ns();
  int64_t seen = empty_at_ns_.load(std::memory_order_relaxed);
  while (true) {
    const int64_t start = std::max(seen, now - burst_ns_);
    if (start >= now) return false;  // empty or in debt
    if (empty_at_ns_.compare_exchange_weak(seen, start + tokens_to_ns(n),
                                           std::memory_order_relaxed)) {
      return true;
    }
  }
}

std::chrono::nanoseconds TokenBucket::time_until(uint64_t n) const {
  const int64_t now = now_ns();
  const int64_t ready_at = effective_empty_at(now) + tokens_to_ns(std::min(n, burst_));
  return std::chrono::nanoseconds(std::max<int64_t>(ready_at - now, 0));
}

uint64_t TokenBucket::available() const {
  const int64_t now = now_ns();
  return ns_to_tokens(now - effective_empty_at(now));
}

std::string TokenBucket::describe() const {
  return binary_size(rate_) + "/s (burst " + binary_size(burst_) + ")";
}

}  // namespace hoist::http

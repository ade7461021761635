// LatencyRecorder: request latencies of one transfer, for the p50/p99 in its summary.
//
// A transfer may send millions of requests, so samples are not kept: each is counted in a
// log-scale histogram whose buckets are 2% wide, from 10 µs to 10 minutes (about 900
// buckets, 7 KiB, whatever the number of samples). A percentile is reported as the
// geometric middle of its bucket, so it is within 1% of the exact value, and the same
// samples always give the same answer (a sampled reservoir would not). Latencies below
// 10 µs or above 10 minutes are counted at the edges; the exact smallest and largest
// sample are kept too: p0 and p100 are exact, and no percentile lies outside what was seen.
//
// Thread-safe: any thread may add() (a few relaxed atomic operations, no lock) while
// others add or read. A read concurrent with adds sees some of them.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>

namespace hoist::transfer {

class LatencyRecorder {
 public:
  // Bucket k (1 <= k <= kSteps) holds [10 µs * 1.02^(k-1), 10 µs * 1.02^k); 1.02^905 is the
  // first power past the 60,000,000 between 10 µs and 10 minutes.
  static constexpr int kSteps = 905;

  LatencyRecorder() = default;
  LatencyRecorder(const LatencyRecorder&) = delete;
  LatencyRecorder& operator=(const LatencyRecorder&) = delete;

  void add(std::chrono::nanoseconds latency);

  // The latency, in milliseconds, that `p` percent of the samples do not exceed (nearest
  // rank): percentile_ms(50) is the median, percentile_ms(99) the p99. `p` is clamped to
  // [0, 100]. 0 when nothing was recorded.
  double percentile_ms(double p) const;

  uint64_t count() const;

  // Adds `other`'s samples to this one (for instance each engine thread's recorder into the
  // transfer's).
  void merge(const LatencyRecorder& other);

 private:
  // [0] below 10 µs, [1..kSteps] the log-scale buckets, [kSteps + 1] 10 minutes and above.
  std::array<std::atomic<uint64_t>, kSteps + 2> counts_{};
  std::atomic<uint64_t> min_ns_{UINT64_MAX};
  std::atomic<uint64_t> max_ns_{0};
};

}  // namespace hoist::transfer

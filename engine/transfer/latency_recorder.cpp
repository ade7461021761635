#include "engine/transfer/latency_recorder.h"

#include <algorithm>
#include <cmath>

namespace hoist::transfer {
namespace {

constexpr double kLowestNs = 10e3;    // 10 µs
constexpr double kHighestNs = 600e9;  // 10 minutes
constexpr double kBucketRatio = 1.02;

using Bounds = std::array<uint64_t, LatencyRecorder::kSteps + 1>;

// kBounds[k] = 10 µs * 1.02^k in whole nanoseconds, made at compile time so that add() needs
// only integer comparisons and every build puts a sample in the same bucket.
constexpr Bounds make_bounds() {
  Bounds bounds{};
  double bound = kLowestNs;
  for (uint64_t& b : bounds) {
    b = static_cast<uint64_t>(bound + 0.5);
    bound *= kBucketRatio;
  }
  return bounds;
}

constexpr Bounds kBounds = make_bounds();
static_assert(kBounds[LatencyRecorder::kSteps] >= kHighestNs &&
                  kBounds[LatencyRecorder::kSteps - 1] < kHighestNs,
              "kSteps must be the first step that reaches 10 minutes");

void lower_to(std::atomic<uint64_t>& target, uint64_t value) {
  uint64_t current = target.load(std::memory_order_relaxed);
  while (value < current &&
         !target.compare_exchange_weak(current, value, std::memory_order_relaxed)) {
  }
}

void raise_to(std::atomic<uint64_t>& target, uint64_t value) {
  uint64_t current = target.load(std::memory_order_relaxed);
  while (value > current &&
         !target.compare_exchange_weak(current, value, std::memory_order_relaxed)) {
  }
}

}  // namespace

void LatencyRecorder::add(std::chrono::nanoseconds latency) {
  const auto ns = static_cast<uint64_t>(std::max<int64_t>(latency.count(), 0));
  // upper_bound gives 0 below the lowest bound and kSteps + 1 at or above the highest: the
  // edge buckets, with no special case.
  const auto index = std::upper_bound(kBounds.begin(), kBounds.end(), ns) - kBounds.begin();
  counts_[static_cast<size_t>(index)].fetch_add(1, std::memory_order_relaxed);
  lower_to(min_ns_, ns);
  raise_to(max_ns_, ns);
}

double LatencyRecorder::percentile_ms(double p) const {
  // One snapshot, so the rank and the walk agree even while other threads add.
  std::array<uint64_t, kSteps + 2> counts;
  uint64_t total = 0;
  for (size_t i = 0; i < counts.size(); ++i) {
    counts[i] = counts_[i].load(std::memory_order_relaxed);
    total += counts[i];
  }
  if (total == 0) return 0;

  p = std::clamp(p, 0.0, 100.0);
  const auto rank = std::clamp<uint64_t>(
      static_cast<uint64_t>(std::ceil(p / 100.0 * static_cast<double>(total))), 1, total);
  size_t index = 0;
  for (uint64_t seen = counts[0]; seen < rank;) seen += counts[++index];

  const double lowest = static_cast<double>(min_ns_.load(std::memory_order_relaxed));
  const double highest = static_cast<double>(max_ns_.load(std::memory_order_relaxed));
  // A concurrent add() counts its sample before it updates min/max: use them only once
  // they describe at least one sample.
  const bool extremes_known = lowest <= highest;
  if (extremes_known && rank == 1) return lowest / 1e6;
  if (extremes_known && rank == total) return highest / 1e6;

  // The edge buckets are reported by their far side (10 µs, or the largest sample), so a
  // percentile there errs on the slow side; the others by their geometric middle.
  double ns;
  if (index == 0) {
    ns = static_cast<double>(kBounds[0]);
  } else if (index == kSteps + 1) {
    ns = std::max(highest, static_cast<double>(kBounds[kSteps]));
  } else {
    ns = std::sqrt(static_cast<double>(kBounds[index - 1]) * static_cast<double>(kBounds[index]));
  }
  if (extremes_known) ns = std::clamp(ns, lowest, highest);
  return ns / 1e6;
}

uint64_t LatencyRecorder::count() const {
  uint64_t total = 0;
  for (const auto& c : counts_) total += c.load(std::memory_order_relaxed);
  return total;
}

void LatencyRecorder::merge(const LatencyRecorder& other) {
  for (size_t i = 0; i < counts_.size(); ++i) {
    const uint64_t n = other.counts_[i].load(std::memory_order_relaxed);
    if (n != 0) counts_[i].fetch_add(n, std::memory_order_relaxed);
  }
  lower_to(min_ns_, other.min_ns_.load(std::memory_order_relaxed));
  raise_to(max_ns_, other.max_ns_.load(std::memory_order_relaxed));
}

}  // namespace hoist::transfer

// LatencyRecorder: percentiles of known distributions against the exact ones (within 3%),
// the edges below 10 µs and above 10 minutes, merging, and adds from several threads.
#include "engine/transfer/latency_recorder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <random>
#include <thread>
#include <vector>

namespace hoist::transfer {
namespace {

using namespace std::chrono_literals;
using std::chrono::nanoseconds;

// The nearest-rank percentile of `samples`, in milliseconds.
double exact_percentile_ms(std::vector<nanoseconds> samples, double p) {
  std::sort(samples.begin(), samples.end());
  const auto rank = std::clamp<size_t>(
      static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(samples.size()))), 1,
      samples.size());
  return static_cast<double>(samples[rank - 1].count()) / 1e6;
}

void expect_close_to_exact(const LatencyRecorder& recorder, const std::vector<nanoseconds>& all,
                           double p) {
  const double exact = exact_percentile_ms(all, p);
  EXPECT_NEAR(recorder.percentile_ms(p), exact, exact * 0.03) << "p" << p;
}

std::vector<nanoseconds> lognormal_samples(size_t n, double median_ms, double sigma,
                                           uint64_t seed) {
  std::mt19937_64 random(seed);
  std::lognormal_distribution<double> distribution(std::log(median_ms * 1e6), sigma);
  std::vector<nanoseconds> samples(n);
  for (nanoseconds& s : samples) s = nanoseconds(static_cast<int64_t>(distribution(random)));
  return samples;
}

TEST(LatencyRecorderTest, EmptyReportsZero) {
  LatencyRecorder recorder;
  EXPECT_EQ(recorder.count(), 0u);
  EXPECT_EQ(recorder.percentile_ms(50), 0.0);
  EXPECT_EQ(recorder.percentile_ms(99), 0.0);
}

TEST(LatencyRecorderTest, OneSampleIsReportedExactly) {
  LatencyRecorder recorder;
  recorder.add(123456us);
  EXPECT_EQ(recorder.count(), 1u);
  EXPECT_DOUBLE_EQ(recorder.percentile_ms(0), 123.456);
  EXPECT_DOUBLE_EQ(recorder.percentile_ms(50), 123.456);
  EXPECT_DOUBLE_EQ(recorder.percentile_ms(100), 123.456);
}

TEST(LatencyRecorderTest, UniformDistribution) {
  LatencyRecorder recorder;
  std::vector<nanoseconds> all;
  for (int us = 1000; us <= 100000; ++us) {  // 1 ms .. 100 ms in 1 µs steps
    all.push_back(std::chrono::microseconds(us));
    recorder.add(all.back());
  }
  EXPECT_EQ(recorder.count(), all.size());
  for (double p : {1.0, 10.0, 25.0, 50.0, 75.0, 90.0, 99.0, 99.9}) {
    expect_close_to_exact(recorder, all, p);
  }
  EXPECT_NEAR(recorder.percentile_ms(50), 50.5, 50.5 * 0.03);
  EXPECT_NEAR(recorder.percentile_ms(99), 99.0, 99.0 * 0.03);
  EXPECT_DOUBLE_EQ(recorder.percentile_ms(0), 1.0);
  EXPECT_DOUBLE_EQ(recorder.percentile_ms(100), 100.0);
}

TEST(LatencyRecorderTest, LogNormalDistribution) {
  LatencyRecorder recorder;
  std::vector<nanoseconds> all = lognormal_samples(200000, 40.0, 1.2, 17);
  for (nanoseconds s : all) recorder.add(s);
  for (double p : {0.1, 5.0, 50.0, 90.0, 99.0, 99.9, 99.99})
    expect_close_to_exact(recorder, all, p);
}

TEST(LatencyRecorderTest, BimodalDistribution) {
  LatencyRecorder recorder;
  std::vector<nanoseconds> all;
  for (int i = 0; i < 9000; ++i) all.push_back(800us + std::chrono::microseconds(i % 400));
  for (int i = 0; i < 1000; ++i) all.push_back(1200ms + std::chrono::milliseconds(i % 300));
  for (nanoseconds s : all) recorder.add(s);
  for (double p : {50.0, 89.0, 90.0, 91.0, 99.0}) expect_close_to_exact(recorder, all, p);
  EXPECT_LT(recorder.percentile_ms(90), 1.3);
  EXPECT_GT(recorder.percentile_ms(91), 1200 * 0.97);
}

TEST(LatencyRecorderTest, EveryBucketIsWithinOnePercent) {
  // A sample between a smaller and a larger one is reported by its bucket alone, so this
  // measures the bucket width, from the lowest bucket to the highest.
  for (double ms = 0.0101; ms < 599000; ms *= 1.0137) {
    LatencyRecorder recorder;
    recorder.add(1us);
    recorder.add(nanoseconds(static_cast<int64_t>(ms * 1e6)));
    recorder.add(1h);
    EXPECT_NEAR(recorder.percentile_ms(50), ms, ms * 0.0101) << ms << " ms";
  }
}

TEST(LatencyRecorderTest, SamplesOutsideTheRangeKeepTheirExtremes) {
  LatencyRecorder recorder;
  recorder.add(-5ns);  // a clock that stepped back counts as 0
  recorder.add(0ns);
  recorder.add(3us);
  recorder.add(2h);
  recorder.add(3h);
  EXPECT_EQ(recorder.count(), 5u);
  EXPECT_DOUBLE_EQ(recorder.percentile_ms(0), 0.0);
  EXPECT_LE(recorder.percentile_ms(50), 0.010);  // below 10 µs
  EXPECT_DOUBLE_EQ(recorder.percentile_ms(100), 3 * 3600e3);
  EXPECT_GE(recorder.percentile_ms(80), 600e3);  // 10 minutes or more
  EXPECT_LE(recorder.percentile_ms(80), 3 * 3600e3);
}

TEST(LatencyRecorderTest, PercentileOutsideZeroToHundredIsClamped) {
  LatencyRecorder recorder;
  for (int ms = 1; ms <= 100; ++ms) recorder.add(std::chrono::milliseconds(ms));
  EXPECT_DOUBLE_EQ(recorder.percentile_ms(-10), recorder.percentile_ms(0));
  EXPECT_DOUBLE_EQ(recorder.percentile_ms(250), recorder.percentile_ms(100));
  EXPECT_DOUBLE_EQ(recorder.percentile_ms(100), 100.0);
}

TEST(LatencyRecorderTest, MergeEqualsRecordingEverythingInOne) {
  std::vector<nanoseconds> all = lognormal_samples(50000, 5.0, 0.8, 3);
  LatencyRecorder whole;
  LatencyRecorder first;
  LatencyRecorder second;
  for (size_t i = 0; i < all.size(); ++i) {
    whole.add(all[i]);
    (i < all.size() / 3 ? first : second).add(all[i]);
  }
  LatencyRecorder merged;
  merged.merge(first);
  merged.merge(second);
  merged.merge(LatencyRecorder{});
  EXPECT_EQ(merged.count(), all.size());
  for (double p : {0.0, 1.0, 50.0, 99.0, 100.0}) {
    EXPECT_DOUBLE_EQ(merged.percentile_ms(p), whole.percentile_ms(p)) << "p" << p;
  }
  expect_close_to_exact(merged, all, 50);
  expect_close_to_exact(merged, all, 99);
}

TEST(LatencyRecorderTest, MergeIntoNonEmptyKeepsBothExtremes) {
  LatencyRecorder a;
  LatencyRecorder b;
  a.add(5ms);
  b.add(2ms);
  b.add(9ms);
  a.merge(b);
  EXPECT_EQ(a.count(), 3u);
  EXPECT_DOUBLE_EQ(a.percentile_ms(0), 2.0);
  EXPECT_DOUBLE_EQ(a.percentile_ms(100), 9.0);
  EXPECT_EQ(b.count(), 2u);  // the source is unchanged
}

TEST(LatencyRecorderTest, ConcurrentAddsAreAllCounted) {
  std::vector<nanoseconds> all = lognormal_samples(200000, 20.0, 1.0, 11);
  LatencyRecorder recorder;
  constexpr size_t kThreads = 4;
  std::vector<std::thread> threads;
  for (size_t t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (size_t i = t; i < all.size(); i += kThreads) recorder.add(all[i]);
    });
  }
  // Reads while adds run must not disturb them.
  for (int i = 0; i < 100; ++i) EXPECT_GE(recorder.percentile_ms(50), 0.0);
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(recorder.count(), all.size());
  for (double p : {1.0, 50.0, 99.0}) expect_close_to_exact(recorder, all, p);
  EXPECT_DOUBLE_EQ(recorder.percentile_ms(100), exact_percentile_ms(all, 100));
}

}  // namespace
}  // namespace hoist::transfer

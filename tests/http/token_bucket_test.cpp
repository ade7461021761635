// TokenBucket on a clock the test steps by hand: the rate over time, the burst bound, debt,
// and many threads drawing from one bucket without getting more than its rate together.
#include "engine/http/token_bucket.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace hoist::http {
namespace {

using namespace std::chrono_literals;

constexpr uint64_t kKiB = 1024;
constexpr uint64_t kMiB = 1024 * kKiB;

// A steady clock that moves only when told to; safe to read from many threads.
class FakeClock {
 public:
  TokenBucket::Clock clock() {
    return [this] { return std::chrono::steady_clock::time_point(now_.load() * 1ns); };
  }
  void advance(std::chrono::nanoseconds by) { now_.fetch_add(by.count()); }

 private:
  std::atomic<int64_t> now_{int64_t{1'000'000'000'000}};  // far from the epoch
};

TEST(TokenBucketTest, StartsFullAndGrantsAtMostTheBurst) {
  FakeClock clock;
  TokenBucket bucket(8 * kMiB, 64 * kKiB, clock.clock());
  EXPECT_EQ(bucket.available(), 64 * kKiB);
  EXPECT_EQ(bucket.take_up_to(1 * kMiB, 1), 64 * kKiB);
  EXPECT_EQ(bucket.take_up_to(1 * kMiB, 1), 0u);
  // However long it sits unused, it never holds more than the burst.
  clock.advance(100s);
  EXPECT_EQ(bucket.available(), 64 * kKiB);
  EXPECT_EQ(bucket.take_up_to(1 * kMiB, 1), 64 * kKiB);
}

TEST(TokenBucketTest, RefillsContinuouslyAtTheRate) {
  FakeClock clock;
  TokenBucket bucket(1 * kMiB, 32 * kKiB, clock.clock());
  ASSERT_EQ(bucket.take_up_to(32 * kKiB, 1), 32 * kKiB);
  clock.advance(1ms);  // 1048.576 bytes
  EXPECT_EQ(bucket.available(), 1048u);
  clock.advance(9ms);
  EXPECT_EQ(bucket.available(), 10485u);
}

TEST(TokenBucketTest, RateOverTimeMatchesTheCap) {
  FakeClock clock;
  const uint64_t rate = 8 * kMiB;
  const uint64_t burst = 160 * kKiB;
  TokenBucket bucket(rate, burst, clock.clock());
  uint64_t taken = 0;
  // A greedy consumer asking every 3 ms for more than it can get, for 10 s.
  for (int step = 0; step < 3334; ++step) {
    taken += bucket.take_up_to(1 * kMiB, 16 * kKiB);
    clock.advance(3ms);
  }
  const double expected = static_cast<double>(burst) + rate * 10.002;
  EXPECT_LE(static_cast<double>(taken), expected);
  EXPECT_GE(static_cast<double>(taken), 0.999 * expected);
}

TEST(TokenBucketTest, MinGrantHoldsBackDribbles) {
  FakeClock clock;
  TokenBucket bucket(1 * kMiB, 64 * kKiB, clock.clock());
  ASSERT_EQ(bucket.take_up_to(64 * kKiB, 1), 64 * kKiB);
  clock.advance(5ms);  // ~5 KiB
  EXPECT_EQ(bucket.take_up_to(64 * kKiB, 16 * kKiB), 0u);
  // A request smaller than min_grant needs only what it asks for.
  EXPECT_EQ(bucket.take_up_to(100, 16 * kKiB), 100u);
  clock.advance(20ms);
  EXPECT_GE(bucket.take_up_to(64 * kKiB, 16 * kKiB), 16 * kKiB);
}

TEST(TokenBucketTest, CreditGoesIntoDebtThatLaterTakersRepay) {
  FakeClock clock;
  TokenBucket bucket(1 * kMiB, 32 * kKiB, clock.clock());
  ASSERT_TRUE(bucket.take_on_credit(32 * kKiB + 1 * kMiB));  // a full bucket plus 1 s of debt
  EXPECT_FALSE(bucket.take_on_credit(1));
  EXPECT_EQ(bucket.take_up_to(1, 1), 0u);
  EXPECT_EQ(bucket.available(), 0u);
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::milliseconds>(bucket.time_until(1)), 1000ms);
  clock.advance(999ms);
  EXPECT_FALSE(bucket.take_on_credit(1));
  clock.advance(2ms);
  EXPECT_TRUE(bucket.take_on_credit(16 * kKiB));
}

TEST(TokenBucketTest, TimeUntilCountsFromWhatTheBucketHolds) {
  FakeClock clock;
  TokenBucket bucket(1 * kMiB, 32 * kKiB, clock.clock());
  EXPECT_EQ(bucket.time_until(16 * kKiB), 0ns);
  ASSERT_EQ(bucket.take_up_to(32 * kKiB, 1), 32 * kKiB);
  EXPECT_EQ(std::chrono::ceil<std::chrono::milliseconds>(bucket.time_until(16 * kKiB)), 16ms);
  clock.advance(10ms);
  EXPECT_EQ(std::chrono::ceil<std::chrono::milliseconds>(bucket.time_until(16 * kKiB)), 6ms);
  // Asking for more than the burst waits only for a full bucket: it can never hold more.
  EXPECT_EQ(std::chrono::ceil<std::chrono::milliseconds>(bucket.time_until(1 * kMiB)), 22ms);
}

TEST(TokenBucketTest, ThreadsShareOneRate) {
  FakeClock clock;
  const uint64_t rate = 4 * kMiB;
  const uint64_t burst = 64 * kKiB;
  TokenBucket bucket(rate, burst, clock.clock());
  constexpr int kThreads = 6;
  constexpr int kSteps = 2000;  // of 1 ms: 4 KiB each, far below the burst
  std::atomic<bool> done{false};
  std::atomic<uint64_t> taken{0};
  std::vector<std::thread> consumers;
  for (int i = 0; i < kThreads; ++i) {
    consumers.emplace_back([&, i] {
      while (!done.load()) {
        // Half the threads take what there is, half take on credit in receive-sized chunks.
        if (i % 2 == 0) {
          taken.fetch_add(bucket.take_up_to(3000, 1));
        } else if (bucket.take_on_credit(2000)) {
          taken.fetch_add(2000);
        }
        std::this_thread::yield();
      }
    });
  }
  for (int step = 0; step < kSteps; ++step) {
    // Stepping only once the consumers have drained most of the bucket means no token is ever
    // lost to the burst cap, so every token is accounted for below.
    while (bucket.available() > burst / 2) std::this_thread::yield();
    clock.advance(1ms);
  }
  while (bucket.available() > 0) std::this_thread::yield();
  done.store(true);
  for (auto& t : consumers) t.join();

  const uint64_t supplied = burst + rate * kSteps / 1000;
  // Together they got what the bucket supplied, plus at most the debt of one chunk each
  // (on credit) and a few rounding bytes, but never the sum of separate caps.
  EXPECT_GE(taken.load(), supplied - 4 * kKiB);
  EXPECT_LE(taken.load(), supplied + kThreads * 2000);
}

TEST(TokenBucketTest, DefaultBurstIsAFewMillisecondsOfTheRate) {
  EXPECT_EQ(TokenBucket::default_burst(1 * kKiB), 32 * kKiB);
  EXPECT_EQ(TokenBucket::default_burst(50 * kMiB), 1 * kMiB);
  EXPECT_LE(TokenBucket::default_burst(8 * kMiB), 8 * kMiB / 8);
}

TEST(TokenBucketTest, DescribesRateAndBurst) {
  TokenBucket bucket(8 * kMiB, 160 * kKiB);
  EXPECT_EQ(bucket.describe(), "8 MiB/s (burst 160 KiB)");
  TokenBucket odd(1536 * kKiB, 1000);
  EXPECT_EQ(odd.describe(), "1.5 MiB/s (burst 1000 B)");
}

}  // namespace
}  // namespace hoist::http

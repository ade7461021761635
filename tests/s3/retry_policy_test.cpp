// RetryPolicy: jittered delays under growing caps, the attempt cap, the shared budget and its
// refunds, from one thread and from many. Throttle: halving on SlowDown once per window, in
// proportion to each sender's maximum, recovery after a quiet spell, the floor of one request. Time is injected: no test sleeps.
#include "engine/s3/retry_policy.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <thread>
#include <vector>

namespace hoist::s3 {
namespace {

using namespace std::chrono_literals;
using std::chrono::milliseconds;

RetryOptions generous_options() {
  RetryOptions options;
  options.max_attempts = 1000;
  options.budget = 1000000;
  return options;
}

TEST(RetryPolicyTest, DelaysStayUnderCapsThatDoubleEachAttempt) {
  RetryPolicy policy(generous_options(), 42);
  milliseconds cap = 100ms;
  for (int attempt = 1; attempt <= 12; ++attempt) {
    milliseconds lowest = milliseconds::max();
    milliseconds highest = 0ms;
    for (int i = 0; i < 400; ++i) {
      std::optional<milliseconds> delay = policy.next_delay(attempt, false);
      ASSERT_TRUE(delay.has_value());
      lowest = std::min(lowest, *delay);
      highest = std::max(highest, *delay);
    }
    EXPECT_GE(lowest, 0ms) << "attempt " << attempt;
    EXPECT_LE(highest, cap) << "attempt " << attempt;
    // Full jitter: the samples spread over the whole range [0, cap].
    EXPECT_GE(highest, cap * 9 / 10) << "attempt " << attempt;
    EXPECT_LE(lowest, cap / 10) << "attempt " << attempt;
    cap = std::min<milliseconds>(cap * 2, 20000ms);
  }
}

TEST(RetryPolicyTest, FirstRetryWaitsAtMostTheBaseDelay) {
  RetryOptions options = generous_options();
  options.base_delay = 7ms;
  RetryPolicy policy(options, 1);
  for (int i = 0; i < 1000; ++i) EXPECT_LE(*policy.next_delay(1, false), 7ms);
}

TEST(RetryPolicyTest, HugeAttemptNumbersStopAtMaxDelayWithoutOverflow) {
  RetryPolicy policy(generous_options(), 7);
  for (int attempt : {15, 31, 32, 63, 64, 65, 999}) {
    std::optional<milliseconds> delay = policy.next_delay(attempt, false);
    ASSERT_TRUE(delay.has_value()) << attempt;
    EXPECT_LE(*delay, 20000ms) << attempt;
  }
}

TEST(RetryPolicyTest, SameSeedSameDelays) {
  RetryPolicy a(generous_options(), 1234);
  RetryPolicy b(generous_options(), 1234);
  RetryPolicy c(generous_options(), 4321);
  int differences = 0;
  for (int i = 0; i < 50; ++i) {
    milliseconds from_a = *a.next_delay(10, false);
    EXPECT_EQ(from_a, *b.next_delay(10, false));
    differences += from_a != *c.next_delay(10, false);
  }
  EXPECT_GT(differences, 40);
}

TEST(RetryPolicyTest, GivesUpAfterMaxAttempts) {
  RetryOptions options;
  options.max_attempts = 5;
  RetryPolicy policy(options, 3);
  for (int attempt = 1; attempt <= 4; ++attempt) {
    EXPECT_TRUE(policy.next_delay(attempt, false).has_value()) << attempt;
  }
  EXPECT_FALSE(policy.next_delay(5, false).has_value());
  EXPECT_FALSE(policy.next_delay(6, true).has_value());
  EXPECT_EQ(policy.retries(), 4u);
  // Refusals for the attempt cap cost no budget.
  EXPECT_EQ(policy.budget_left(), options.budget - 4 * options.retry_cost);
}

TEST(RetryPolicyTest, OneAttemptMeansNoRetries) {
  RetryOptions options;
  options.max_attempts = 1;
  RetryPolicy policy(options, 3);
  EXPECT_FALSE(policy.next_delay(1, false).has_value());
  EXPECT_EQ(policy.retries(), 0u);
}

TEST(RetryPolicyTest, SpentBudgetStopsRetries) {
  RetryOptions options;
  options.budget = 20;
  options.retry_cost = 5;
  RetryPolicy policy(options, 3);
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(policy.next_delay(1, false).has_value()) << i;
  EXPECT_EQ(policy.budget_left(), 0u);
  EXPECT_FALSE(policy.next_delay(1, false).has_value());
  EXPECT_FALSE(policy.next_delay(1, true).has_value());
  EXPECT_EQ(policy.retries(), 4u);
}

TEST(RetryPolicyTest, TimeoutsCostMore) {
  RetryOptions options;
  options.budget = 24;
  options.retry_cost = 5;
  options.timeout_retry_cost = 10;
  RetryPolicy policy(options, 3);
  EXPECT_TRUE(policy.next_delay(1, true).has_value());
  EXPECT_TRUE(policy.next_delay(1, true).has_value());
  EXPECT_EQ(policy.budget_left(), 4u);
  // Four tokens pay for neither kind of retry.
  EXPECT_FALSE(policy.next_delay(1, true).has_value());
  EXPECT_FALSE(policy.next_delay(1, false).has_value());
  policy.on_success();
  EXPECT_TRUE(policy.next_delay(1, false).has_value());
  EXPECT_EQ(policy.budget_left(), 0u);
}

TEST(RetryPolicyTest, SuccessesRefundTheBudget) {
  RetryOptions options;
  options.budget = 10;
  options.retry_cost = 5;
  options.success_refund = 1;
  RetryPolicy policy(options, 3);
  EXPECT_TRUE(policy.next_delay(1, false).has_value());
  EXPECT_TRUE(policy.next_delay(1, false).has_value());
  EXPECT_FALSE(policy.next_delay(1, false).has_value());
  for (int i = 0; i < 4; ++i) policy.on_success();
  EXPECT_FALSE(policy.next_delay(1, false).has_value());  // 4 tokens: not yet
  policy.on_success();
  EXPECT_TRUE(policy.next_delay(1, false).has_value());
  EXPECT_EQ(policy.retries(), 3u);
}

TEST(RetryPolicyTest, RefundsStopAtTheInitialBudget) {
  RetryOptions options;
  options.budget = 10;
  options.success_refund = 3;
  RetryPolicy policy(options, 3);
  for (int i = 0; i < 100; ++i) policy.on_success();
  EXPECT_EQ(policy.budget_left(), 10u);
  ASSERT_TRUE(policy.next_delay(1, false).has_value());  // 5 left
  policy.on_success();
  EXPECT_EQ(policy.budget_left(), 8u);
  policy.on_success();
  EXPECT_EQ(policy.budget_left(), 10u);  // 11 capped at 10
}

TEST(RetryPolicyTest, ConcurrentRetriesNeverOverspendTheBudget) {
  RetryOptions options = generous_options();
  options.budget = 5 * 3000;
  options.retry_cost = 5;
  RetryPolicy policy(options, 99);
  std::atomic<uint64_t> granted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) {
        if (policy.next_delay(1 + i % 8, false)) granted.fetch_add(1);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(granted.load(), 3000u);
  EXPECT_EQ(policy.retries(), 3000u);
  EXPECT_EQ(policy.budget_left(), 0u);
}

TEST(RetryPolicyTest, ConcurrentRetriesAndSuccessesBalance) {
  RetryOptions options = generous_options();
  options.budget = 100000;
  options.retry_cost = 5;
  options.success_refund = 1;
  RetryPolicy policy(options, 5);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      // Each thread's success follows its retry, so the bucket never reaches its cap and no
      // refund is dropped: every pair costs exactly 4 tokens.
      for (int i = 0; i < 1000; ++i) {
        ASSERT_TRUE(policy.next_delay(2, false).has_value());
        policy.on_success();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(policy.retries(), 8000u);
  EXPECT_EQ(policy.budget_left(), 100000u - 8000u * 4u);
}

const auto kStart = std::chrono::steady_clock::time_point{} + 1h;

TEST(ThrottleTest, StartsAtTheMaximum) {
  Throttle throttle;
  EXPECT_EQ(throttle.allowed_in_flight(64), 64);
  EXPECT_EQ(throttle.slow_downs(), 0u);
  throttle.on_success(kStart, 64);
  EXPECT_EQ(throttle.allowed_in_flight(64), 64);
}

TEST(ThrottleTest, SlowDownHalvesTheLimit) {
  Throttle throttle;
  throttle.on_slow_down(kStart);
  EXPECT_EQ(throttle.allowed_in_flight(64), 32);
  throttle.on_slow_down(kStart + 1s);
  EXPECT_EQ(throttle.allowed_in_flight(64), 16);
  throttle.on_slow_down(kStart + 2s);
  EXPECT_EQ(throttle.allowed_in_flight(64), 8);
  EXPECT_EQ(throttle.slow_downs(), 3u);
}

TEST(ThrottleTest, OneWaveOfSlowDownsCountsOnce) {
  Throttle throttle;
  throttle.on_slow_down(kStart);
  for (int i = 0; i < 50; ++i) throttle.on_slow_down(kStart + 20ms * i);  // up to +980 ms
  throttle.on_slow_down(kStart + 999ms);
  EXPECT_EQ(throttle.allowed_in_flight(64), 32);
  EXPECT_EQ(throttle.slow_downs(), 1u);
  throttle.on_slow_down(kStart + 1000ms);
  EXPECT_EQ(throttle.allowed_in_flight(64), 16);
  EXPECT_EQ(throttle.slow_downs(), 2u);
}

TEST(ThrottleTest, LateArrivingOlderTimeIsInTheWindow) {
  Throttle throttle;
  throttle.on_slow_down(kStart);
  // A thread that read the clock before the first SlowDown was recorded.
  throttle.on_slow_down(kStart - 5ms);
  EXPECT_EQ(throttle.allowed_in_flight(64), 32);
  EXPECT_EQ(throttle.slow_downs(), 1u);
}

TEST(ThrottleTest, LimitNeverDropsBelowOne) {
  Throttle throttle;
  throttle.on_slow_down(kStart);
  EXPECT_EQ(throttle.allowed_in_flight(3), 1);
  throttle.on_slow_down(kStart + 1s);
  EXPECT_EQ(throttle.allowed_in_flight(3), 1);
  throttle.on_slow_down(kStart + 2s);
  EXPECT_EQ(throttle.allowed_in_flight(3), 1);
  EXPECT_EQ(throttle.slow_downs(), 3u);
}

TEST(ThrottleTest, MaximumBelowOneMeansOne) {
  Throttle throttle;
  EXPECT_EQ(throttle.allowed_in_flight(0), 1);
  throttle.on_slow_down(kStart);
  throttle.on_success(kStart + 10s, 0);
  EXPECT_EQ(throttle.allowed_in_flight(0), 1);
}

TEST(ThrottleTest, RecoversOneStepPerSuccessAfterTwoQuietSeconds) {
  Throttle throttle;
  throttle.on_slow_down(kStart);
  ASSERT_EQ(throttle.allowed_in_flight(64), 32);
  for (int i = 0; i < 10; ++i) throttle.on_success(kStart + 1999ms, 64);
  EXPECT_EQ(throttle.allowed_in_flight(64), 32);
  throttle.on_success(kStart + 2s, 64);
  EXPECT_EQ(throttle.allowed_in_flight(64), 33);
  throttle.on_success(kStart + 2s, 64);
  EXPECT_EQ(throttle.allowed_in_flight(64), 34);
  for (int i = 0; i < 100; ++i) throttle.on_success(kStart + 3s, 64);
  EXPECT_EQ(throttle.allowed_in_flight(64), 64);
}

TEST(ThrottleTest, SlowDownsInsideTheWindowDelayRecovery) {
  Throttle throttle;
  throttle.on_slow_down(kStart);
  throttle.on_slow_down(kStart + 500ms);  // same wave: no second halving...
  ASSERT_EQ(throttle.allowed_in_flight(64), 32);
  throttle.on_success(kStart + 2100ms, 64);  // ...but the server was still refusing at +500 ms
  EXPECT_EQ(throttle.allowed_in_flight(64), 32);
  throttle.on_success(kStart + 2500ms, 64);
  EXPECT_EQ(throttle.allowed_in_flight(64), 33);
}

TEST(ThrottleTest, NewSlowDownDuringRecoveryHalvesAgain) {
  Throttle throttle;
  throttle.on_slow_down(kStart);
  for (int i = 0; i < 8; ++i) throttle.on_success(kStart + 3s, 64);
  ASSERT_EQ(throttle.allowed_in_flight(64), 40);
  throttle.on_slow_down(kStart + 4s);
  EXPECT_EQ(throttle.allowed_in_flight(64), 20);
  throttle.on_success(kStart + 5s, 64);
  EXPECT_EQ(throttle.allowed_in_flight(64), 20);
  throttle.on_success(kStart + 6s, 64);
  EXPECT_EQ(throttle.allowed_in_flight(64), 21);
}

TEST(ThrottleTest, EverySenderSlowsInProportionToItsOwnMaximum) {
  Throttle throttle;  // one per Client: a listing's SlowDown slows its transfers too
  throttle.on_slow_down(kStart);
  EXPECT_EQ(throttle.allowed_in_flight(64), 32);
  EXPECT_EQ(throttle.allowed_in_flight(16), 8);
  EXPECT_EQ(throttle.allowed_in_flight(1), 1);
  throttle.on_success(kStart + 3s, 16);  // one request more for a sender of 16
  EXPECT_EQ(throttle.allowed_in_flight(16), 9);
  EXPECT_EQ(throttle.allowed_in_flight(64), 36);
}

TEST(ThrottleTest, ConcurrentWaveHalvesOnce) {
  Throttle throttle;
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        throttle.on_slow_down(kStart + std::chrono::milliseconds(t * 100 + i % 50));
        throttle.on_success(kStart + 1500ms, 64);
        EXPECT_GE(throttle.allowed_in_flight(64), 1);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(throttle.slow_downs(), 1u);
  EXPECT_EQ(throttle.allowed_in_flight(64), 32);
}

}  // namespace
}  // namespace hoist::s3

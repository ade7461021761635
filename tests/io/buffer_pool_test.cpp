// BufferPool: the cap holds, acquire waits and wakes, buffers are reused, stats add up; pools
// sharing a MemoryBudget stay under its cap together.
#include "io/buffer_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <memory>
#include <set>
#include <thread>
#include <vector>

#include "io/file.h"
#include "tests/io/io_test.h"

namespace hoist::io {
namespace {

using namespace std::chrono_literals;

std::unique_ptr<BufferPool> make_pool(size_t buffer_size, size_t max_bytes,
                                      std::shared_ptr<MemoryBudget> budget = nullptr) {
  std::unique_ptr<BufferPool> pool;
  EXPECT_TRUE(is_ok(BufferPool::create(buffer_size, max_bytes, &pool, std::move(budget))));
  return pool;
}

// Spins (briefly sleeping) until `done` or a generous deadline.
bool eventually(const std::atomic<bool>& done) {
  for (int i = 0; i < 5000 && !done; ++i) std::this_thread::sleep_for(1ms);
  return done;
}

TEST(BufferPoolTest, SizesRoundUpToAlignmentAndStayUnderTheCap) {
  auto pool = make_pool(5000, 20000);
  ASSERT_TRUE(pool);
  EXPECT_EQ(pool->buffer_size(), 8192u);
  EXPECT_EQ(pool->buffer_count(), 2u);
  EXPECT_EQ(pool->stats().capacity_bytes, 16384u);
}

TEST(BufferPoolTest, CapTooSmallForOneBufferIsRefused) {
  std::unique_ptr<BufferPool> pool;
  EXPECT_EQ(BufferPool::create(8192, 8191, &pool).error, EINVAL);
  EXPECT_EQ(BufferPool::create(0, 8192, &pool).error, EINVAL);
  EXPECT_FALSE(pool);
}

TEST(BufferPoolTest, BuffersAreAlignedDistinctAndWritable) {
  auto pool = make_pool(4096, 4 * 4096);
  ASSERT_TRUE(pool);
  std::set<char*> seen;
  std::vector<PoolBuffer> held(4);
  for (PoolBuffer& b : held) {
    ASSERT_TRUE(pool->try_acquire(&b));
    EXPECT_EQ(reinterpret_cast<uintptr_t>(b.data) % kDirectAlignment, 0u);
    EXPECT_EQ(b.size, 4096u);
    std::fill(b.data, b.data + b.size, static_cast<char>(b.index));
    seen.insert(b.data);
  }
  EXPECT_EQ(seen.size(), 4u);
  for (const PoolBuffer& b : held) {
    EXPECT_EQ(b.data[b.size - 1], static_cast<char>(b.index));
    EXPECT_EQ(pool->iovecs()[b.index].iov_base, b.data);
    pool->release(b);
  }
}

TEST(BufferPoolTest, AtTheCapTryAcquireFailsAndAReleasedBufferIsReused) {
  auto pool = make_pool(4096, 2 * 4096);
  ASSERT_TRUE(pool);
  PoolBuffer a, b, c;
  ASSERT_TRUE(pool->try_acquire(&a));
  ASSERT_TRUE(pool->try_acquire(&b));
  EXPECT_FALSE(pool->try_acquire(&c));
  EXPECT_EQ(pool->stats().in_use_bytes, 2 * 4096u);
  pool->release(a);
  ASSERT_TRUE(pool->try_acquire(&c));
  EXPECT_EQ(c.data, a.data);  // the same memory again, not a new allocation
  pool->release(b);
  pool->release(c);
  PoolStats stats = pool->stats();
  EXPECT_EQ(stats.in_use_bytes, 0u);
  EXPECT_EQ(stats.peak_in_use_bytes, 2 * 4096u);
  EXPECT_EQ(stats.acquisitions, 3u);
  EXPECT_EQ(stats.waits, 0u);
}

TEST(BufferPoolTest, AcquireWaitsForARelease) {
  auto pool = make_pool(4096, 4096);
  ASSERT_TRUE(pool);
  PoolBuffer held;
  ASSERT_TRUE(pool->acquire(&held));
  std::atomic<bool> got{false};
  PoolBuffer waited;
  std::thread waiter([&] {
    EXPECT_TRUE(pool->acquire(&waited));
    got = true;
  });
  std::this_thread::sleep_for(50ms);
  EXPECT_FALSE(got) << "acquire returned while the pool was at its cap";
  pool->release(held);
  EXPECT_TRUE(eventually(got));
  waiter.join();
  EXPECT_EQ(waited.data, held.data);
  EXPECT_EQ(pool->stats().waits, 1u);
  pool->release(waited);
}

TEST(BufferPoolTest, AcquireForGivesUpAfterItsTimeout) {
  auto pool = make_pool(4096, 4096);
  ASSERT_TRUE(pool);
  PoolBuffer held, more;
  ASSERT_TRUE(pool->acquire_for(1s, &held));
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(pool->acquire_for(30ms, &more));
  EXPECT_GE(std::chrono::steady_clock::now() - start, 30ms);
  pool->release(held);
  EXPECT_TRUE(pool->acquire_for(0ms, &more));
  pool->release(more);
}

TEST(BufferPoolTest, CancelWakesWaitersAndRefusesLaterAcquires) {
  auto pool = make_pool(4096, 4096);
  ASSERT_TRUE(pool);
  PoolBuffer held;
  ASSERT_TRUE(pool->acquire(&held));
  std::atomic<bool> returned{false};
  std::atomic<bool> result{true};
  std::thread waiter([&] {
    PoolBuffer b;
    result = pool->acquire(&b);
    returned = true;
  });
  std::this_thread::sleep_for(20ms);
  EXPECT_FALSE(returned);
  pool->cancel();
  EXPECT_TRUE(eventually(returned));
  waiter.join();
  EXPECT_FALSE(result);
  pool->release(held);
  PoolBuffer b;
  EXPECT_FALSE(pool->try_acquire(&b));
  EXPECT_FALSE(pool->acquire_for(1s, &b));
}

TEST(BufferPoolTest, ManyThreadsNeverHoldMoreThanTheCap) {
  constexpr size_t kBuffers = 3;
  auto pool = make_pool(4096, kBuffers * 4096);
  ASSERT_TRUE(pool);
  std::atomic<int> holding{0};
  std::atomic<int> most{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 500; ++i) {
        PoolBuffer b;
        ASSERT_TRUE(pool->acquire(&b));
        int now = ++holding;
        int seen = most;
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        b.data[0] = 1;
        --holding;
        pool->release(b);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_LE(most.load(), static_cast<int>(kBuffers));
  PoolStats stats = pool->stats();
  EXPECT_EQ(stats.acquisitions, 8u * 500u);
  EXPECT_EQ(stats.in_use_bytes, 0u);
  EXPECT_LE(stats.peak_in_use_bytes, kBuffers * 4096);
}

TEST(BufferPoolBudgetTest, PoolsSharingABudgetStayUnderItsCapTogether) {
  auto budget = std::make_shared<MemoryBudget>(3 * 4096);
  auto small = make_pool(4096, 3 * 4096, budget);
  auto large = make_pool(2 * 4096, 4 * 4096, budget);
  ASSERT_TRUE(small && large);
  PoolBuffer a, b, c;
  ASSERT_TRUE(large->try_acquire(&a));
  ASSERT_TRUE(small->try_acquire(&b));
  // `small` has two buffers free of its own, but the budget has none left.
  EXPECT_FALSE(small->try_acquire(&c));
  EXPECT_FALSE(large->acquire_for(20ms, &c));
  EXPECT_EQ(budget->stats().in_use_bytes, 3 * 4096u);
  large->release(a);
  ASSERT_TRUE(small->try_acquire(&a));
  ASSERT_TRUE(small->try_acquire(&c));
  EXPECT_EQ(budget->stats().peak_in_use_bytes, 3 * 4096u);
  for (const PoolBuffer& held : {a, b, c}) small->release(held);
  EXPECT_EQ(budget->stats().in_use_bytes, 0u);
}

TEST(BufferPoolBudgetTest, AWaiterWakesWhenAnotherPoolReleases) {
  auto budget = std::make_shared<MemoryBudget>(4096);
  auto first = make_pool(4096, 4096, budget);
  auto second = make_pool(4096, 4096, budget);
  ASSERT_TRUE(first && second);
  PoolBuffer held;
  ASSERT_TRUE(first->acquire(&held));
  std::atomic<bool> got{false};
  PoolBuffer waited;
  std::thread waiter([&] {
    EXPECT_TRUE(second->acquire(&waited));
    got = true;
  });
  std::this_thread::sleep_for(50ms);
  EXPECT_FALSE(got) << "acquire returned while the shared budget was spent";
  first->release(held);
  EXPECT_TRUE(eventually(got));
  waiter.join();
  second->release(waited);
}

TEST(BufferPoolBudgetTest, CancelEndsAWaitForTheBudget) {
  auto budget = std::make_shared<MemoryBudget>(4096);
  auto first = make_pool(4096, 4096, budget);
  auto second = make_pool(4096, 4096, budget);
  ASSERT_TRUE(first && second);
  PoolBuffer held;
  ASSERT_TRUE(first->acquire(&held));
  std::atomic<bool> returned{false};
  std::atomic<bool> result{true};
  std::thread waiter([&] {
    PoolBuffer b;
    result = second->acquire(&b);
    returned = true;
  });
  std::this_thread::sleep_for(20ms);
  second->cancel();
  EXPECT_TRUE(eventually(returned));
  waiter.join();
  EXPECT_FALSE(result);
  first->release(held);
}

TEST(BufferPoolBudgetTest, BytesGivenBackWakeTheWakersOfThoseWhoFoundNoRoom) {
  auto budget = std::make_shared<MemoryBudget>(4096);
  auto first = make_pool(4096, 4096, budget);
  auto second = make_pool(4096, 4096, budget);
  ASSERT_TRUE(first && second);
  std::atomic<int> woken{0};
  const int id = budget->add_waker([&] { ++woken; });
  PoolBuffer held, more;
  ASSERT_TRUE(first->try_acquire(&held));
  first->release(held);
  EXPECT_EQ(woken.load(), 0) << "nobody was waiting for room";
  ASSERT_TRUE(first->try_acquire(&held));
  EXPECT_FALSE(second->try_acquire(&more));  // no room: the budget notes it
  first->release(held);
  EXPECT_EQ(woken.load(), 1);
  budget->remove_waker(id);
  ASSERT_TRUE(first->try_acquire(&held));
  EXPECT_FALSE(second->try_acquire(&more));
  first->release(held);
  EXPECT_EQ(woken.load(), 1) << "a removed waker was called";
}

TEST(BufferPoolBudgetTest, ABudgetTooSmallForOneBufferIsRefused) {
  std::unique_ptr<BufferPool> pool;
  EXPECT_EQ(BufferPool::create(8192, 8192, &pool, std::make_shared<MemoryBudget>(4096)).error,
            EINVAL);
  EXPECT_FALSE(pool);
}

TEST(BufferPoolBudgetTest, APoolDroppedWithBuffersOutGivesTheirBytesBack) {
  auto budget = std::make_shared<MemoryBudget>(2 * 4096);
  auto pool = make_pool(4096, 2 * 4096, budget);
  ASSERT_TRUE(pool);
  PoolBuffer held;
  ASSERT_TRUE(pool->try_acquire(&held));
  pool.reset();
  EXPECT_EQ(budget->stats().in_use_bytes, 0u);
}

}  // namespace
}  // namespace hoist::io

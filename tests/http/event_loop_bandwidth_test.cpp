// EventLoop under a bandwidth cap (RequestAccount::bandwidth): request bodies sent and response
// bodies received at the cap's rate, smoothly (never much more than the burst in a short window),
// by one transfer or many on loops of several threads sharing one bucket, the bytes intact, and the
// loop asleep rather than spinning while it waits.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/time.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "engine/http/event_loop.h"
#include "engine/http/token_bucket.h"
#include "tests/http/http_test.h"

namespace hoist::http {
namespace {

using Seconds = std::chrono::duration<double>;

constexpr uint64_t kRate = 2 << 20;  // 2 MiB/s
constexpr size_t kBody = 1 << 20;    // 1 MiB: half a second at the cap

std::string pattern(size_t size) {
  std::string out(size, '\0');
  for (size_t i = 0; i < size; ++i) out[i] = static_cast<char>(i % 251);
  return out;
}

Seconds thread_cpu_time() {
  rusage usage{};
  getrusage(RUSAGE_THREAD, &usage);
  auto total = [](const timeval& t) { return Seconds(t.tv_sec + t.tv_usec / 1e6); };
  return total(usage.ru_utime) + total(usage.ru_stime);
}

// Body bytes as they moved, with when: what a smooth cap is judged on.
class ByteLog {
 public:
  void add(size_t bytes) { events_.push_back({std::chrono::steady_clock::now(), bytes}); }

  // The most bytes that moved within any `window`.
  size_t busiest(std::chrono::milliseconds window) const {
    size_t most = 0;
    for (size_t i = 0; i < events_.size(); ++i) {
      size_t sum = 0;
      for (size_t j = i; j < events_.size() && events_[j].first < events_[i].first + window; ++j) {
        sum += events_[j].second;
      }
      most = std::max(most, sum);
    }
    return most;
  }

 private:
  std::vector<std::pair<std::chrono::steady_clock::time_point, size_t>> events_;
};

class EventLoopBandwidthTest : public HttpTest {
 protected:
  std::shared_ptr<TokenBucket> bucket =
      std::make_shared<TokenBucket>(kRate, TokenBucket::default_burst(kRate));

  // `r`, drawing on the test's cap (RequestAccount::bandwidth).
  Request capped(Request r) const {
    r.account.bandwidth = bucket;
    return r;
  }

  // At least 0.8x the time the cap allows for `bytes` (the burst and timer slack come off),
  // and well under 4x (the cap must not stall a transfer).
  static void expect_paced(Seconds elapsed, uint64_t bytes) {
    const Seconds ideal(static_cast<double>(bytes) / kRate);
    EXPECT_GE(elapsed.count(), 0.8 * ideal.count());
    EXPECT_LT(elapsed.count(), 4 * ideal.count());
  }

  // No more than the rate, the burst and two of curl's 16 KiB chunks (one taken on credit, one
  // timestamped late) in any 50 ms: not a whole body at once and then silence.
  void expect_smooth(const ByteLog& log) const {
    constexpr std::chrono::milliseconds kWindow{50};
    const size_t bound = kRate * kWindow.count() / 1000 + bucket->burst() + 2 * 16384;
    EXPECT_LE(log.busiest(kWindow), bound);
  }
};

TEST_F(EventLoopBandwidthTest, RequestBodyIsSentAtTheCap) {
  server.respond("PUT", "/part", CannedResponse());
  const std::string body = pattern(kBody);
  ByteLog sent;
  size_t offset = 0;
  Request put = capped(request("PUT", "/part"));
  put.body_size = body.size();
  put.body_source = [&](char* dst, size_t capacity) -> std::optional<size_t> {
    const size_t n = std::min(capacity, body.size() - offset);
    std::copy_n(body.data() + offset, n, dst);
    offset += n;
    sent.add(n);
    return n;
  };
  const auto start = std::chrono::steady_clock::now();
  const Seconds cpu_before = thread_cpu_time();
  Outcome outcome = perform(loop, std::move(put));
  const Seconds cpu = thread_cpu_time() - cpu_before;
  const Seconds elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(outcome.error) << outcome.error.message;
  EXPECT_EQ(outcome.response.status, 200);
  expect_paced(elapsed, kBody);
  expect_smooth(sent);
  // Waiting for tokens is sleeping in curl_multi_poll, not spinning.
  EXPECT_LT(cpu.count(), 0.25 * elapsed.count()) << "cpu " << cpu.count() << " s";
  EXPECT_TRUE(only_request().body == body);
}

TEST_F(EventLoopBandwidthTest, ResponseBodyIsReceivedAtTheCap) {
  const std::string body = pattern(kBody);
  server.respond("GET", "/object", CannedResponse().with_body(body));
  std::string received;
  ByteLog log;
  Request get = capped(request("GET", "/object"));
  get.body_sink = [&](const char* data, size_t size) {
    log.add(size);
    received.append(data, size);
    return true;
  };
  const auto start = std::chrono::steady_clock::now();
  Outcome outcome = perform(loop, std::move(get));
  const Seconds elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(outcome.error) << outcome.error.message;
  EXPECT_EQ(outcome.response.status, 200);
  expect_paced(elapsed, kBody);
  expect_smooth(log);
  EXPECT_TRUE(received == body) << "received " << received.size() << " bytes";
}

// RequestAccount::body_bytes_in_flight follows a paced download as it moves (what the progress line
// adds to the confirmed parts) and is given back, to 0, when the request ends.
TEST_F(EventLoopBandwidthTest, BodyBytesInFlightFollowADownloadAndReturnToZero) {
  const std::string body = pattern(kBody);
  server.respond("GET", "/object", CannedResponse().with_body(body));
  auto moving = std::make_shared<std::atomic<int64_t>>(0);
  std::vector<int64_t> seen;  // the counter each time a piece of the body arrived
  size_t pulled = 0;
  Request get = capped(request("GET", "/object"));
  get.account.body_bytes_in_flight = moving;
  get.body_sink = [&](const char*, size_t size) {
    seen.push_back(moving->load());
    pulled += size;
    return true;
  };
  Outcome received = perform(loop, std::move(get));
  ASSERT_FALSE(received.error) << received.error.message;
  EXPECT_EQ(moving->load(), 0);
  EXPECT_EQ(pulled, kBody);
  // Seen before each chunk is counted: it climbs through the body, chunk by chunk.
  ASSERT_GT(seen.size(), 4u);
  EXPECT_EQ(seen.front(), 0);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_GT(seen.back(), static_cast<int64_t>(kBody / 2));
  EXPECT_LT(seen.back(), static_cast<int64_t>(kBody));
}

// An upload is counted as curl takes its body: in the middle of a paced upload, part of it.
TEST_F(EventLoopBandwidthTest, BodyBytesInFlightCountAnUploadAsItIsSent) {
  server.respond("PUT", "/part", CannedResponse());
  auto moving = std::make_shared<std::atomic<int64_t>>(0);
  const std::string body = pattern(kBody);
  std::vector<int64_t> seen;
  size_t offset = 0;
  Request put = capped(request("PUT", "/part"));
  put.account.body_bytes_in_flight = moving;
  put.body_size = body.size();
  put.body_source = [&](char* dst, size_t capacity) -> std::optional<size_t> {
    seen.push_back(moving->load());
    const size_t n = std::min(capacity, body.size() - offset);
    std::copy_n(body.data() + offset, n, dst);
    offset += n;
    return n;
  };
  Outcome outcome = perform(loop, std::move(put));
  ASSERT_FALSE(outcome.error) << outcome.error.message;
  EXPECT_EQ(moving->load(), 0);
  ASSERT_GT(seen.size(), 4u);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_GT(seen[seen.size() / 2], 0);
  EXPECT_LT(seen[seen.size() / 2], static_cast<int64_t>(kBody));
}

TEST_F(EventLoopBandwidthTest, TransfersOnOneLoopTakeTurns) {
  // Paused transfers are resumed in the order they paused, so all of them progress together
  // (a server gives up on a connection left idle too long) and finish near the end.
  const std::string body = pattern(kBody / 4);
  server.respond("GET", "/object", CannedResponse().with_body(body));
  constexpr int kTransfers = 4;
  std::vector<Seconds> finished;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kTransfers; ++i) {
    Request get = capped(request("GET", "/object"));
    get.body_sink = [](const char*, size_t) { return true; };
    loop.submit(std::move(get), [&](Outcome&& o) {
      EXPECT_FALSE(o.error) << o.error.message;
      finished.push_back(std::chrono::steady_clock::now() - start);
    });
  }
  loop.run();
  ASSERT_EQ(finished.size(), size_t{kTransfers});
  expect_paced(finished.back(), kBody);
  // One after another, the first would be done after a quarter of the time.
  EXPECT_GT(finished.front().count(), 0.6 * finished.back().count());
}

TEST_F(EventLoopBandwidthTest, LoopsOnSeveralThreadsShareOneCap) {
  server.respond("PUT", "/part", CannedResponse());
  constexpr int kThreads = 3;
  constexpr int kPerLoop = 4;
  const std::string body = pattern(kBody / 8);  // 12 requests of 128 KiB: 1.5 MiB in all
  std::vector<std::thread> threads;
  std::vector<int> ok(kThreads, 0);
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      EventLoop own(test_options());
      for (int r = 0; r < kPerLoop; ++r) {
        Request put = capped(request("PUT", "/part"));
        put.body = body;
        own.submit(std::move(put), [&ok, i](Outcome&& o) {
          if (!o.error && o.response.status == 200) ++ok[i];
        });
      }
      own.run();
    });
  }
  for (auto& t : threads) t.join();
  const Seconds elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(ok, std::vector<int>(kThreads, kPerLoop));
  expect_paced(elapsed, uint64_t{kThreads} * kPerLoop * body.size());
  const std::vector<RecordedRequest> seen = server.requests();
  ASSERT_EQ(seen.size(), size_t{kThreads} * kPerLoop);
  for (const RecordedRequest& r : seen) EXPECT_TRUE(r.body == body);
}

// One loop carries the requests of several transfers, each with its own cap or none: a capped
// download does not hold back an uncapped one beside it.
TEST_F(EventLoopBandwidthTest, ACapBindsOnlyTheRequestsThatDrawOnIt) {
  const std::string body = pattern(kBody);
  server.respond("GET", "/object", CannedResponse().with_body(body));
  std::optional<Seconds> capped_done, free_done;
  const auto start = std::chrono::steady_clock::now();
  Request slow = capped(request("GET", "/object"));
  slow.body_sink = [](const char*, size_t) { return true; };
  loop.submit(std::move(slow), [&](Outcome&& o) {
    EXPECT_FALSE(o.error) << o.error.message;
    capped_done = std::chrono::steady_clock::now() - start;
  });
  Request fast = request("GET", "/object");
  fast.body_sink = [](const char*, size_t) { return true; };
  loop.submit(std::move(fast), [&](Outcome&& o) {
    EXPECT_FALSE(o.error) << o.error.message;
    free_done = std::chrono::steady_clock::now() - start;
  });
  loop.run();
  ASSERT_TRUE(capped_done && free_done);
  expect_paced(*capped_done, kBody);
  EXPECT_LT(free_done->count(), 0.5 * capped_done->count());
}

}  // namespace
}  // namespace hoist::http

// EventLoop: methods, statuses, headers, concurrency and transport failures, against a real
// loopback server.
#include "engine/http/event_loop.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tests/http/http_test.h"

namespace hoist::http {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

using EventLoopTest = HttpTest;

TEST_F(EventLoopTest, GetReturnsStatusHeadersAndBody) {
  server.respond("GET", "/object", CannedResponse().with_header("X-Amz-Request-Id", "REQ1").with_body("hello"));
  Response response = answered(request("GET", "/object?versionId=3"));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "hello");
  EXPECT_EQ(find_header(response.headers, "x-amz-request-id"), "REQ1");
  RecordedRequest seen = only_request();
  EXPECT_EQ(seen.method, "GET");
  EXPECT_EQ(seen.target, "/object?versionId=3");
  EXPECT_EQ(seen.body, "");
}

TEST_F(EventLoopTest, ResponseHeaderNamesAreLowercasedAndValuesTrimmed) {
  server.respond("GET", "/h", CannedResponse()
                                  .with_header("ETag", "\"abc\"")
                                  .with_header("X-Amz-Checksum-CRC32C", "  yZRlqg==  ")
                                  .with_header("CONTENT-TYPE", "text/plain"));
  Response response = answered(request("GET", "/h"));
  Headers expected = {{"etag", "\"abc\""},
                      {"x-amz-checksum-crc32c", "yZRlqg=="},
                      {"content-type", "text/plain"},
                      {"content-length", "0"}};
  EXPECT_EQ(response.headers, expected);
}

TEST_F(EventLoopTest, PutSendsTheBodyWithItsLength) {
  server.respond("PUT", "/object", CannedResponse().with_header("ETag", "\"e1\""));
  std::string body = "the bytes of the object";
  Request put = request("PUT", "/object");
  put.body = body;
  Response response = answered(std::move(put));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(find_header(response.headers, "etag"), "\"e1\"");
  RecordedRequest seen = only_request();
  EXPECT_EQ(seen.method, "PUT");
  EXPECT_EQ(seen.body, body);
  EXPECT_EQ(seen.header("Content-Length"), "23");
}

TEST_F(EventLoopTest, PutWithoutBodySendsZeroLength) {
  server.respond("PUT", "/empty", CannedResponse());
  Response response = answered(request("PUT", "/empty"));
  EXPECT_EQ(response.status, 200);
  RecordedRequest seen = only_request();
  EXPECT_EQ(seen.header("Content-Length"), "0");
  EXPECT_EQ(seen.body, "");
}

TEST_F(EventLoopTest, PostSendsBodyWithoutAFormContentType) {
  server.respond("POST", "/object", CannedResponse().with_body("<Result/>"));
  std::string xml = "<CompleteMultipartUpload/>";
  Request post = request("POST", "/object?uploadId=u1");
  post.body = xml;
  Response response = answered(std::move(post));
  EXPECT_EQ(response.body, "<Result/>");
  RecordedRequest seen = only_request();
  EXPECT_EQ(seen.method, "POST");
  EXPECT_EQ(seen.target, "/object?uploadId=u1");
  EXPECT_EQ(seen.body, xml);
  EXPECT_EQ(seen.header("Content-Length"), "26");
  // The headers sent must be the ones signed: curl's own defaults would break the signature.
  EXPECT_EQ(seen.header("Content-Type"), std::nullopt);
  EXPECT_EQ(seen.header("Accept"), std::nullopt);
}

TEST_F(EventLoopTest, PostWithoutBodySendsZeroLength) {
  server.respond("POST", "/object", CannedResponse().with_body("<InitiateMultipartUploadResult/>"));
  Response response = answered(request("POST", "/object?uploads="));
  EXPECT_EQ(response.body, "<InitiateMultipartUploadResult/>");
  RecordedRequest seen = only_request();
  EXPECT_EQ(seen.method, "POST");
  EXPECT_EQ(seen.header("Content-Length"), "0");
}

TEST_F(EventLoopTest, DeleteReturns204WithoutBody) {
  server.respond("DELETE", "/object", CannedResponse().with_status(204));
  Response response = answered(request("DELETE", "/object"));
  EXPECT_EQ(response.status, 204);
  EXPECT_EQ(response.body, "");
  EXPECT_EQ(only_request().method, "DELETE");
}

TEST_F(EventLoopTest, HeadReturnsHeadersWithoutReadingABody) {
  // The length describes the object, not a body on the wire: the loop must not wait for it.
  server.respond("HEAD", "/object", CannedResponse().with_header("ETag", "\"e\"").with_body("0123456789"));
  Response response = answered(request("HEAD", "/object"));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "");
  EXPECT_EQ(find_header(response.headers, "content-length"), "10");
  EXPECT_EQ(find_header(response.headers, "etag"), "\"e\"");
  EXPECT_EQ(only_request().method, "HEAD");
}

TEST_F(EventLoopTest, ErrorStatusIsAResponseNotATransportError) {
  server.respond("GET", "/missing", CannedResponse().with_status(404).with_body("<Error><Code>NoSuchKey</Code></Error>"));
  server.respond("GET", "/busy", CannedResponse().with_status(503).with_body("slow down"));
  Response missing = answered(request("GET", "/missing"));
  Response busy = answered(request("GET", "/busy"));
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body, "<Error><Code>NoSuchKey</Code></Error>");
  EXPECT_EQ(busy.status, 503);
  EXPECT_EQ(busy.body, "slow down");
}

TEST_F(EventLoopTest, RequestHeadersAreSentAsSpelledAndEmptyValuesSurvive) {
  server.respond("GET", "/h", CannedResponse());
  Request get = request("GET", "/h");
  get.headers = {{"X-Amz-Meta-Color", "blue"}, {"x-amz-empty", ""}};
  answered(std::move(get));
  RecordedRequest seen = only_request();
  auto spelled = [&](const std::string& name) {
    return std::any_of(seen.headers.begin(), seen.headers.end(), [&](const auto& h) { return h.first == name; });
  };
  EXPECT_TRUE(spelled("X-Amz-Meta-Color"));
  EXPECT_EQ(seen.header("x-amz-meta-color"), "blue");
  EXPECT_EQ(seen.header("x-amz-empty"), "");
}

TEST_F(EventLoopTest, UrlPathIsSentExactlyAsGiven) {
  // Dot segments and empty segments are part of S3 keys; the signature covers them as sent.
  server.respond_with([](const RecordedRequest&) { return CannedResponse(); });
  answered(request("GET", "/b/x/../y/./z//w/.."));
  EXPECT_EQ(only_request().target, "/b/x/../y/./z//w/..");
}

TEST_F(EventLoopTest, ExpectContinueIsNeverSent) {
  // curl asks for 100-continue on large uploads by default; that costs a round trip per part.
  server.respond("PUT", "/big", CannedResponse());
  server.respond("POST", "/big", CannedResponse());
  std::string body(2 * 1024 * 1024 + 7, 'x');
  Request put = request("PUT", "/big");
  put.body = body;
  Request post = request("POST", "/big");
  post.body = body;
  answered(std::move(put));
  answered(std::move(post));
  std::vector<RecordedRequest> seen = server.requests();
  ASSERT_EQ(seen.size(), 2u);
  for (const RecordedRequest& r : seen) {
    EXPECT_EQ(r.header("Expect"), std::nullopt) << r.method;
    EXPECT_EQ(r.body.size(), body.size()) << r.method;
    EXPECT_EQ(r.header("Content-Length"), std::to_string(body.size())) << r.method;
  }
}

TEST_F(EventLoopTest, ManyConcurrentRequestsAllComplete) {
  server.respond_with([](const RecordedRequest& r) { return CannedResponse().with_body("body of " + r.path); });
  constexpr int kRequests = 40;
  std::vector<std::string> bodies(kRequests);
  int completed = 0;
  for (int i = 0; i < kRequests; ++i) {
    loop.submit(request("GET", "/item/" + std::to_string(i)), [&, i](Outcome&& o) {
      EXPECT_FALSE(o.error) << o.error.message;
      bodies[i] = o.response.body;
      ++completed;
    });
  }
  EXPECT_EQ(loop.in_flight(), static_cast<size_t>(kRequests));
  loop.run();
  EXPECT_EQ(completed, kRequests);
  EXPECT_EQ(loop.in_flight(), 0u);
  for (int i = 0; i < kRequests; ++i) EXPECT_EQ(bodies[i], "body of /item/" + std::to_string(i));
  EXPECT_EQ(server.requests().size(), static_cast<size_t>(kRequests));
}

TEST_F(EventLoopTest, RequestsSubmittedTogetherRunAtTheSameTime) {
  // Each answer takes 200 ms; one after another ten would take two seconds.
  server.respond("GET", "/slow", CannedResponse().with_delay(milliseconds(200)).with_body("late"));
  constexpr int kRequests = 10;
  int completed = 0;
  auto start = steady_clock::now();
  for (int i = 0; i < kRequests; ++i) {
    loop.submit(request("GET", "/slow"), [&](Outcome&& o) {
      EXPECT_EQ(o.response.body, "late");
      ++completed;
    });
  }
  loop.run();
  EXPECT_EQ(completed, kRequests);
  EXPECT_LT(steady_clock::now() - start, milliseconds(1500));
}

TEST_F(EventLoopTest, CompletionsMaySubmitMoreRequests) {
  server.respond_with([](const RecordedRequest& r) { return CannedResponse().with_body(r.path); });
  // Three chains, each three requests long, every link submitted from the previous completion.
  std::vector<std::string> order;
  std::function<void(int, int)> chain = [&](int id, int step) {
    loop.submit(request("GET", "/chain" + std::to_string(id) + "/step" + std::to_string(step)),
                [&, id, step](Outcome&& o) {
                  order.push_back(o.response.body);
                  if (step < 3) chain(id, step + 1);
                });
  };
  for (int id = 1; id <= 3; ++id) chain(id, 1);
  loop.run();
  EXPECT_EQ(loop.in_flight(), 0u);
  ASSERT_EQ(order.size(), 9u);
  for (int id = 1; id <= 3; ++id) {
    std::vector<std::string> steps;
    std::string prefix = "/chain" + std::to_string(id) + "/";
    std::copy_if(order.begin(), order.end(), std::back_inserter(steps),
                 [&](const std::string& s) { return s.starts_with(prefix); });
    EXPECT_EQ(steps, (std::vector<std::string>{prefix + "step1", prefix + "step2", prefix + "step3"}));
  }
}

TEST_F(EventLoopTest, DestroyingALoopWithRequestsInFlightReleasesThem) {
  // Nothing to observe but that the sanitizer build sees no leak and no use after free, and
  // that no completion runs after its loop is gone.
  bool completed = false;
  {
    EventLoop loop(Options{});
    for (int i = 0; i < 3; ++i) {
      loop.submit(request("GET", "/slow"), [&completed](Outcome&&) { completed = true; });
    }
    EXPECT_EQ(loop.in_flight(), 3u);
  }
  EXPECT_FALSE(completed);
}

// Two transfers share one loop: cancelling one drops its requests at once, runs none of their
// completions, gives back what they counted in flight, and leaves the other's alone.
TEST_F(EventLoopTest, CancelDropsOnlyTheOwnersRequests) {
  server.respond("GET", "/slow", CannedResponse().with_body("late").with_delay(milliseconds(3000)));
  server.respond("GET", "/quick", CannedResponse().with_body("soon").with_delay(milliseconds(300)));
  const char cancelled_owner = 0;
  const char kept_owner = 0;
  auto cancelled_moving = std::make_shared<std::atomic<int64_t>>(0);
  int cancelled_completions = 0;
  std::optional<Outcome> kept;
  for (int i = 0; i < 2; ++i) {
    Request slow = request("GET", "/slow");
    slow.account.owner = &cancelled_owner;
    slow.account.body_bytes_in_flight = cancelled_moving;
    loop.submit(std::move(slow), [&](Outcome&&) { ++cancelled_completions; });
  }
  Request quick = request("GET", "/quick");
  quick.account.owner = &kept_owner;
  loop.submit(std::move(quick), [&](Outcome&& o) { kept = std::move(o); });
  EXPECT_EQ(loop.in_flight(&cancelled_owner), 2u);
  EXPECT_EQ(loop.in_flight(&kept_owner), 1u);
  loop.poll(milliseconds(50));
  const auto start = steady_clock::now();
  loop.cancel(&cancelled_owner);
  EXPECT_EQ(loop.in_flight(&cancelled_owner), 0u);
  EXPECT_EQ(loop.in_flight(), 1u);
  loop.run();
  EXPECT_LT(steady_clock::now() - start, milliseconds(2500));  // not held by the slow ones
  ASSERT_TRUE(kept.has_value());
  EXPECT_FALSE(kept->error) << kept->error.message;
  EXPECT_EQ(kept->response.body, "soon");
  EXPECT_EQ(cancelled_completions, 0);
  EXPECT_EQ(cancelled_moving->load(), 0);
}

TEST_F(EventLoopTest, LoopIsReusableAfterRun) {
  server.respond("GET", "/a", CannedResponse().with_body("first"));
  server.respond("GET", "/b", CannedResponse().with_body("second"));
  EXPECT_EQ(answered(request("GET", "/a")).body, "first");
  EXPECT_EQ(answered(request("GET", "/b")).body, "second");
  EXPECT_EQ(answered(request("GET", "/a")).body, "first");
}

TEST_F(EventLoopTest, RefusedConnectionIsAQuickRetryableConnectError) {
  Request get;
  get.url = "http://127.0.0.1:" + std::to_string(test::unused_loopback_port()) + "/object";
  auto start = steady_clock::now();
  Outcome outcome = perform(loop, std::move(get));
  EXPECT_LT(steady_clock::now() - start, milliseconds(500));
  EXPECT_EQ(outcome.error.kind, TransportErrorKind::kConnect);
  EXPECT_TRUE(is_retryable(outcome.error.kind));
  EXPECT_TRUE(outcome.error.message.starts_with("could not connect: ")) << outcome.error.message;
  EXPECT_EQ(outcome.response.status, 0);
}

TEST_F(EventLoopTest, SlowResponseHitsTheTotalTimeout) {
  Options options = test_options();
  options.total_timeout = milliseconds(200);
  EventLoop impatient(options);
  server.respond("GET", "/slow", CannedResponse().with_delay(milliseconds(3000)));
  Outcome outcome = perform(impatient, request("GET", "/slow"));
  EXPECT_EQ(outcome.error.kind, TransportErrorKind::kTimeout);
  EXPECT_TRUE(is_retryable(outcome.error.kind));
}

TEST_F(EventLoopTest, ServerHangingUpIsARetryableReset) {
  server.respond("GET", "/gone", CannedResponse().hanging_up());
  Outcome outcome = perform(loop, request("GET", "/gone"));
  EXPECT_EQ(outcome.error.kind, TransportErrorKind::kConnectionReset);
  EXPECT_TRUE(is_retryable(outcome.error.kind));
}

TEST_F(EventLoopTest, MalformedUrlIsAnInvalidRequest) {
  Request bad;
  bad.url = "notascheme://127.0.0.1/x";
  Outcome outcome = perform(loop, std::move(bad));
  EXPECT_EQ(outcome.error.kind, TransportErrorKind::kInvalidRequest);
  EXPECT_FALSE(is_retryable(outcome.error.kind));
}

TEST(TransportError, RetryableKinds) {
  EXPECT_TRUE(is_retryable(TransportErrorKind::kConnect));
  EXPECT_TRUE(is_retryable(TransportErrorKind::kConnectTimeout));
  EXPECT_TRUE(is_retryable(TransportErrorKind::kTimeout));
  EXPECT_TRUE(is_retryable(TransportErrorKind::kConnectionReset));
  EXPECT_FALSE(is_retryable(TransportErrorKind::kNone));
  EXPECT_FALSE(is_retryable(TransportErrorKind::kResolve));
  EXPECT_FALSE(is_retryable(TransportErrorKind::kTls));
  EXPECT_FALSE(is_retryable(TransportErrorKind::kAborted));
  EXPECT_FALSE(is_retryable(TransportErrorKind::kInvalidRequest));
  EXPECT_FALSE(is_retryable(TransportErrorKind::kOther));
  EXPECT_FALSE(TransportError{});
  EXPECT_TRUE((TransportError{TransportErrorKind::kOther, "x"}));
}

}  // namespace
}  // namespace hoist::http

// EventLoop streaming: request bodies pulled from a BodySource, response bodies pushed to a
// BodySink, and the on_headers callback that a download uses to decide how to verify.
#include "engine/http/event_loop.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "tests/http/http_test.h"

namespace hoist::http {
namespace {

// Bytes that differ at every offset modulo 251, so a dropped or repeated chunk shows.
std::string pattern(size_t size) {
  std::string out(size, '\0');
  for (size_t i = 0; i < size; ++i) out[i] = static_cast<char>(i % 251);
  return out;
}

class EventLoopStreamTest : public HttpTest {
 protected:
  // A GET whose body goes to `received` and whose callbacks are logged in `events`.
  Request streamed_get(const std::string& path) {
    Request get = request("GET", path);
    get.on_headers = [this](long status, const Headers& headers) {
      events.push_back("headers " + std::to_string(status) + " length " +
                       std::string(find_header(headers, "content-length").value_or("?")));
      return true;
    };
    get.body_sink = [this](const char* data, size_t size) {
      if (events.empty() || events.back() != "body") events.push_back("body");
      received.append(data, size);
      return true;
    };
    return get;
  }

  std::vector<std::string> events;
  std::string received;
};

TEST_F(EventLoopStreamTest, BodySourceStreamsTheWholeBody) {
  server.respond("PUT", "/part", CannedResponse().with_header("ETag", "\"p\""));
  const std::string body = pattern(300'000);
  size_t offset = 0;
  int calls = 0;
  Request put = request("PUT", "/part");
  put.body_size = body.size();
  put.body_source = [&](char* dst, size_t capacity) -> std::optional<size_t> {
    ++calls;
    size_t n = std::min(capacity, body.size() - offset);
    std::copy_n(body.data() + offset, n, dst);
    offset += n;
    return n;
  };
  Response response = answered(std::move(put));
  EXPECT_EQ(response.status, 200);
  EXPECT_GT(calls, 1);
  RecordedRequest seen = only_request();
  EXPECT_EQ(seen.header("Content-Length"), "300000");
  EXPECT_EQ(seen.header("Transfer-Encoding"), std::nullopt);
  EXPECT_TRUE(seen.body == body) << "received " << seen.body.size() << " bytes";
}

TEST_F(EventLoopStreamTest, BodySourceFailureAbortsTheRequest) {
  server.respond("PUT", "/part", CannedResponse());
  Request put = request("PUT", "/part");
  put.body_size = 1000;
  put.body_source = [](char*, size_t) -> std::optional<size_t> { return std::nullopt; };
  Outcome outcome = perform(loop, std::move(put));
  EXPECT_EQ(outcome.error.kind, TransportErrorKind::kAborted);
  EXPECT_FALSE(is_retryable(outcome.error.kind));
}

TEST_F(EventLoopStreamTest, BodySinkReceivesTheBodyInsteadOfTheResponse) {
  const std::string body = pattern(1'000'000);
  server.respond("GET", "/object", CannedResponse().with_body(body));
  Response response = answered(streamed_get("/object"));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "");
  EXPECT_TRUE(received == body) << "received " << received.size() << " bytes";
}

TEST_F(EventLoopStreamTest, OnHeadersRunsOnceBeforeTheBody) {
  server.respond("GET", "/object", CannedResponse().with_status(206).with_body(pattern(200'000)));
  EXPECT_EQ(answered(streamed_get("/object")).status, 206);
  EXPECT_EQ(events, (std::vector<std::string>{"headers 206 length 200000", "body"}));
}

TEST_F(EventLoopStreamTest, ErrorBodyGoesToTheResponseNeverToTheSink) {
  const std::string error = "<Error><Code>AccessDenied</Code></Error>";
  server.respond("GET", "/object", CannedResponse().with_status(403).with_body(error));
  Response response = answered(streamed_get("/object"));
  EXPECT_EQ(response.status, 403);
  EXPECT_EQ(response.body, error);
  EXPECT_EQ(received, "");
  EXPECT_EQ(events, (std::vector<std::string>{"headers 403 length 40"}));
}

TEST_F(EventLoopStreamTest, OnHeadersReturningFalseAbortsBeforeAnyBody) {
  server.respond("GET", "/object", CannedResponse().with_body(pattern(100'000)));
  Request get = streamed_get("/object");
  get.on_headers = [](long, const Headers&) { return false; };
  Outcome outcome = perform(loop, std::move(get));
  EXPECT_EQ(outcome.error.kind, TransportErrorKind::kAborted);
  EXPECT_EQ(received, "");
}

TEST_F(EventLoopStreamTest, SinkReturningFalseAbortsTheTransfer) {
  server.respond("GET", "/object", CannedResponse().with_body(pattern(100'000)));
  Request get = request("GET", "/object");
  int calls = 0;
  get.body_sink = [&](const char*, size_t) {
    ++calls;
    return false;
  };
  Outcome outcome = perform(loop, std::move(get));
  EXPECT_EQ(outcome.error.kind, TransportErrorKind::kAborted);
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace hoist::http

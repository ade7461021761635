// LocalHttpResponder against the real HTTP client, so other tests can trust both ends.
#include "tests/support/local_http_responder.h"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>

#include "engine/http/event_loop.h"

namespace hoist::test {
namespace {

using std::chrono::milliseconds;

http::Outcome send(const std::string& method, const std::string& url, std::string_view body = {},
                   milliseconds total_timeout = milliseconds(5000)) {
  http::Options options;
  options.connect_timeout = milliseconds(1000);
  options.total_timeout = total_timeout;
  http::EventLoop loop(options);
  http::Request request;
  request.method = method;
  request.url = url;
  request.body = body;
  request.headers.emplace_back("X-Test", "yes");
  return http::perform(loop, std::move(request));
}

// Sends `raw` bytes on a fresh connection and returns everything the server sends back
// until it closes the connection.
std::string exchange_raw(uint16_t port, const std::string& raw) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    return "connect failed";
  }
  send(fd, raw.data(), raw.size(), MSG_NOSIGNAL);
  std::string reply;
  char buffer[4096];
  ssize_t n;
  while ((n = recv(fd, buffer, sizeof buffer, 0)) > 0) reply.append(buffer, static_cast<size_t>(n));
  close(fd);
  return reply;
}

TEST(LocalHttpResponder, ServesCannedResponseAndRecordsRequest) {
  LocalHttpResponder server;
  server.respond("GET", "/hello", CannedResponse().with_status(201).with_header("X-Reply", "1").with_body("hi"));
  http::Outcome outcome = send("GET", server.url() + "/hello?x=1");
  ASSERT_FALSE(outcome.error) << outcome.error.message;
  EXPECT_EQ(outcome.response.status, 201);
  EXPECT_EQ(outcome.response.body, "hi");
  EXPECT_EQ(http::find_header(outcome.response.headers, "x-reply"), "1");

  std::vector<RecordedRequest> requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "GET");
  EXPECT_EQ(requests[0].target, "/hello?x=1");
  EXPECT_EQ(requests[0].path, "/hello");
  EXPECT_EQ(requests[0].header("x-test"), "yes");
  EXPECT_EQ(server.count("GET", "/hello"), 1u);
}

TEST(LocalHttpResponder, QueuedResponsesAreUsedInOrderAndTheLastRepeats) {
  LocalHttpResponder server;
  server.respond("GET", "/r", CannedResponse().with_status(503));
  server.respond("GET", "/r", CannedResponse().with_body("second"));
  EXPECT_EQ(send("GET", server.url() + "/r").response.status, 503);
  EXPECT_EQ(send("GET", server.url() + "/r").response.body, "second");
  EXPECT_EQ(send("GET", server.url() + "/r").response.body, "second");
  EXPECT_EQ(server.count("GET", "/r"), 3u);
}

TEST(LocalHttpResponder, UnmatchedRequestsGet404OrTheHandler) {
  LocalHttpResponder server;
  EXPECT_EQ(send("GET", server.url() + "/nothing").response.status, 404);
  server.respond_with([](const RecordedRequest& request) {
    return CannedResponse().with_status(202).with_body(request.method + " " + request.path);
  });
  http::Outcome outcome = send("DELETE", server.url() + "/thing");
  EXPECT_EQ(outcome.response.status, 202);
  EXPECT_EQ(outcome.response.body, "DELETE /thing");
}

TEST(LocalHttpResponder, RecordsRequestBodies) {
  LocalHttpResponder server;
  server.respond("PUT", "/upload", CannedResponse());
  std::string body(3 * 1024 * 1024, 'z');  // large enough for curl to ask 100-continue
  http::Outcome outcome = send("PUT", server.url() + "/upload", body);
  ASSERT_FALSE(outcome.error) << outcome.error.message;
  EXPECT_EQ(outcome.response.status, 200);
  ASSERT_EQ(server.requests().size(), 1u);
  EXPECT_EQ(server.requests()[0].body, body);
}

TEST(LocalHttpResponder, DecodesChunkedBodiesAndClosesWhenAsked) {
  LocalHttpResponder server;
  server.respond("POST", "/chunked", CannedResponse().with_body("got it"));
  std::string reply = exchange_raw(server.port(),
                                   "POST /chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                                   "Connection: close\r\n\r\n"
                                   "5\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: 1\r\n\r\n");
  EXPECT_EQ(reply.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << reply;
  EXPECT_NE(reply.find("Connection: close\r\n"), std::string::npos);
  EXPECT_EQ(reply.substr(reply.size() - 6), "got it");
  ASSERT_EQ(server.requests().size(), 1u);
  EXPECT_EQ(server.requests()[0].body, "hello, world");
}

TEST(LocalHttpResponder, HeadResponsesCarryLengthButNoBody) {
  LocalHttpResponder server;
  server.respond("HEAD", "/object", CannedResponse().with_body("12345"));
  std::string reply = exchange_raw(server.port(), "HEAD /object HTTP/1.0\r\n\r\n");
  EXPECT_NE(reply.find("Content-Length: 5\r\n"), std::string::npos) << reply;
  EXPECT_EQ(reply.find("12345"), std::string::npos);
}

TEST(LocalHttpResponder, DelayMakesTheClientTimeOut) {
  LocalHttpResponder server;
  server.respond("GET", "/slow", CannedResponse().with_body("late").with_delay(milliseconds(3000)));
  auto start = std::chrono::steady_clock::now();
  http::Outcome outcome = send("GET", server.url() + "/slow", {}, milliseconds(300));
  EXPECT_EQ(outcome.error.kind, http::TransportErrorKind::kTimeout);
  EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(2000));
}

TEST(LocalHttpResponder, HangUpIsATransportError) {
  LocalHttpResponder server;
  server.respond("GET", "/drop", CannedResponse().hanging_up());
  http::Outcome outcome = send("GET", server.url() + "/drop");
  EXPECT_TRUE(outcome.error);
  EXPECT_EQ(server.count("GET", "/drop"), 1u);
}

TEST(LocalHttpResponder, ServesManyRequestsOnOneLoop) {
  LocalHttpResponder server;
  server.respond("GET", "/a", CannedResponse().with_body("a"));
  server.respond("GET", "/b", CannedResponse().with_body("b").closing_connection());
  http::Options options;
  options.total_timeout = milliseconds(5000);
  http::EventLoop loop(options);
  for (int i = 0; i < 5; ++i) {
    http::Request a;
    a.url = server.url() + "/a";
    EXPECT_EQ(http::perform(loop, a).response.body, "a");
    http::Request b;
    b.url = server.url() + "/b";
    EXPECT_EQ(http::perform(loop, b).response.body, "b");
  }
  EXPECT_EQ(server.requests().size(), 10u);
  server.clear_requests();
  EXPECT_TRUE(server.requests().empty());
}

}  // namespace
}  // namespace hoist::test

// LocalHttpResponder: a small HTTP/1.1 server for tests. It listens on 127.0.0.1 on an
// ephemeral port, answers with responses the test sets up in advance, and records every
// request so the test can assert on what was sent. Use it wherever code under test talks
// HTTP (credentials services, S3 calls, retry paths) instead of any real endpoint.
//
//   hoist::test::LocalHttpResponder server;
//   server.respond("PUT", "/latest/api/token", CannedResponse().with_body("token"));
//   server.respond("GET", "/thing", CannedResponse().with_status(503));  // first GET /thing
//   server.respond("GET", "/thing", CannedResponse().with_body("ok"));   // every later one
//   ... point the code at server.url() ...
//   EXPECT_EQ(server.requests()[1].header("x-aws-ec2-metadata-token"), "token");
//
// What it speaks: request bodies with Content-Length or chunked transfer encoding,
// "Expect: 100-continue", keep-alive (several requests per connection, several
// connections at once, one thread each) and Connection: close. Responses always carry
// Content-Length. It is not a general server: no TLS, no pipelining guarantees, no limits
// beyond what tests need.
//
// All methods are thread-safe. The destructor stops serving, closes every connection
// (waking any delayed response early) and joins its threads.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace hoist::test {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct CannedResponse {
  int status = 200;
  HttpHeaders headers;  // Content-Length is added unless given here
  std::string body;     // not sent for HEAD requests (Content-Length still describes it)
  std::chrono::milliseconds delay{0};  // wait this long before answering (timeout tests)
  bool close_connection = false;       // answer with "Connection: close", then close
  bool hang_up = false;                // close the connection without answering
  // Send the body one byte at a time, this long apart (a server that stalls mid-body while
  // keeping the connection alive). 0: all at once.
  std::chrono::milliseconds drip_interval{0};

  // Chainable setters: g++ 12 warns (-Wmissing-field-initializers) on designated
  // initializers that leave members out, which -Werror turns into a build failure.
  CannedResponse& with_status(int value) { status = value; return *this; }
  CannedResponse& with_header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  CannedResponse& with_body(std::string value) { body = std::move(value); return *this; }
  CannedResponse& with_delay(std::chrono::milliseconds value) { delay = value; return *this; }
  CannedResponse& closing_connection() { close_connection = true; return *this; }
  CannedResponse& hanging_up() { hang_up = true; return *this; }
  CannedResponse& dripping(std::chrono::milliseconds interval) {
    drip_interval = interval;
    return *this;
  }
};

struct RecordedRequest {
  std::string method;
  std::string target;  // as sent: path and query, "/a/b?x=1"
  std::string path;    // target without the query
  HttpHeaders headers;  // names as the client spelled them, in order
  std::string body;     // chunked bodies are decoded

  // The first value of header `name` (case-insensitive), or nullopt.
  std::optional<std::string> header(std::string_view name) const;
};

namespace detail {
struct ResponderState;
}  // namespace detail

// Computes a response for a request that no canned response matches.
using ResponseHandler = std::function<CannedResponse(const RecordedRequest&)>;

class LocalHttpResponder {
 public:
  // Binds and starts serving. Aborts the test binary (std::abort) if no socket can be had.
  LocalHttpResponder();
  ~LocalHttpResponder();
  LocalHttpResponder(const LocalHttpResponder&) = delete;
  LocalHttpResponder& operator=(const LocalHttpResponder&) = delete;

  uint16_t port() const { return port_; }
  std::string url() const;  // "http://127.0.0.1:<port>", no trailing slash

  // Queues `response` for requests with this method and `target`. A target with a query
  // matches only that exact query; one without matches the path whatever the query. Queued
  // responses are used in order and the last one is repeated for every later request.
  void respond(std::string method, std::string target, CannedResponse response);

  // Answers requests that match no canned response. Without one they get 404.
  void respond_with(ResponseHandler handler);

  // Every request received so far, in arrival order.
  std::vector<RecordedRequest> requests() const;
  // How many requests came with this method and path (query ignored).
  size_t count(std::string_view method, std::string_view path) const;
  void clear_requests();
  // How many connections were accepted so far: a client that keeps its connections open
  // between requests opens few.
  size_t connections_accepted() const;

  // Waits until every connection accepted so far has been closed by its client and served
  // to the end. Call it once the clients are gone (a CLI process has exited): afterwards
  // nothing the handlers touched is in use, so the test may change or free it.
  void wait_for_clients_to_leave();

 private:
  std::shared_ptr<detail::ResponderState> shared_;
  uint16_t port_ = 0;
  std::thread acceptor_;
};

// A 127.0.0.1 port with nothing listening on it (bound, then released), for tests of what
// happens when a connection is refused. Another process could take it meanwhile; in
// practice the kernel does not hand a just-released ephemeral port out again at once.
uint16_t unused_loopback_port();

}  // namespace hoist::test

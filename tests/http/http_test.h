// Shared fixture for engine/http tests: a LocalHttpResponder and an EventLoop with short
// timeouts, so a test that goes wrong fails in seconds instead of hanging.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "engine/http/event_loop.h"
#include "tests/support/local_http_responder.h"

namespace hoist::http {

using test::CannedResponse;
using test::RecordedRequest;

// Timeouts far above what loopback needs and far below ctest's patience.
inline Options test_options() {
  Options options;
  options.connect_timeout = std::chrono::milliseconds(1000);
  options.total_timeout = std::chrono::milliseconds(5000);
  return options;
}

class HttpTest : public ::testing::Test {
 protected:
  // A request for `path` on the responder.
  Request request(std::string method, const std::string& path) const {
    Request r;
    r.method = std::move(method);
    r.url = server.url() + path;
    return r;
  }

  // Sends `r` on the fixture's loop and returns the response; a transport error fails the test.
  Response answered(Request r) {
    Outcome outcome = perform(loop, std::move(r));
    EXPECT_FALSE(outcome.error) << outcome.error.message;
    return std::move(outcome.response);
  }

  // The only request the responder has seen; fails the test when there is not exactly one.
  RecordedRequest only_request() const {
    std::vector<RecordedRequest> seen = server.requests();
    EXPECT_EQ(seen.size(), 1u);
    return seen.empty() ? RecordedRequest{} : seen.front();
  }

  test::LocalHttpResponder server;
  EventLoop loop{test_options()};
};

}  // namespace hoist::http

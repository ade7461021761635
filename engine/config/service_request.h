// One small, synchronous HTTP exchange with a credentials service (the container agent or
// the EC2 instance metadata service). Each call gets its own EventLoop because the caller
// may be any thread: a refresh runs on whichever worker first finds credentials stale, and
// an EventLoop belongs to one thread.
#pragma once

#include <chrono>

#include "engine/http/event_loop.h"
#include "engine/http/message.h"

namespace hoist::config {

struct ServiceTimeouts {
  // Short on purpose: off EC2 or outside a container nothing answers, and a CLI that
  // hangs for long before saying "no credentials" is worse than one that fails fast.
  std::chrono::milliseconds connect{1000};
  std::chrono::milliseconds total{2000};
};

http::Outcome send_service_request(http::Request request, const ServiceTimeouts& timeouts);

// "<url>: <why>" for a transport error or an unexpected status, for error messages.
// Never includes the response body, which may echo request secrets.
std::string describe_failure(const std::string& url, const http::Outcome& outcome);

}  // namespace hoist::config

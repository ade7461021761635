#include "engine/config/service_request.h"

#include <utility>

#include "engine/http/redact.h"

namespace hoist::config {

http::Outcome send_service_request(http::Request request, const ServiceTimeouts& timeouts) {
  http::Options options;
  options.connect_timeout = timeouts.connect;
  options.total_timeout = timeouts.total;
  options.max_connections_per_host = 1;
  http::EventLoop loop(std::move(options));
  return http::perform(loop, std::move(request));
}

std::string describe_failure(const std::string& url, const http::Outcome& outcome) {
  std::string where = http::redacted_url(url);
  if (outcome.error) {
    return where + ": " + std::string(http::to_string(outcome.error.kind)) + ": " + outcome.error.message;
  }
  return where + ": HTTP " + std::to_string(outcome.response.status);
}

}  // namespace hoist::config

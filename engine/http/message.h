// HTTP request and response as the rest of the engine sees them. Plain data: no curl types,
// so engine/s3 and engine/config can build requests without knowing how they are sent.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hoist::http {

// Header names keep the caller's spelling on requests; on responses they are lowercased so
// lookups need not care how a server spelled them.
using Headers = std::vector<std::pair<std::string, std::string>>;

// Returns the first value of `name` (case-insensitive), or nullopt.
std::optional<std::string_view> find_header(const Headers& headers, std::string_view name);

// Pulls the next bytes of a streamed request body into `dst`; returns how many were written,
// 0 at the end. Returning std::nullopt aborts the transfer (e.g. a read error).
using BodySource = std::function<std::optional<size_t>(char* dst, size_t capacity)>;

// Receives response body bytes as they arrive. Returning false aborts the transfer.
using BodySink = std::function<bool(const char* data, size_t size)>;

// Called once the status line and headers of the final response have arrived, before any
// body bytes reach the sink, so a download can choose how to verify the body it is about to
// receive. Returning false aborts the transfer.
using HeadersCallback = std::function<bool(long status, const Headers& headers)>;

class TokenBucket;

// Whom a request is sent for, when one loop carries the requests of several transfers: the
// transfer whose progress counts the request's body bytes as they move (taken back when it
// ends), whose bandwidth cap they draw on, and which may drop it with EventLoop::cancel().
struct RequestAccount {
  std::shared_ptr<std::atomic<int64_t>> body_bytes_in_flight;  // null: not counted
  std::shared_ptr<TokenBucket> bandwidth;                      // null: no cap
  const void* owner = nullptr;                                 // null: dropped only with the loop
};

struct Request {
  std::string method = "GET";  // GET, PUT, POST, DELETE, HEAD
  std::string url;             // complete, already encoded: the exact bytes that were signed
  Headers headers;

  // The body is either a view of caller-owned memory that outlives the request (`body`),
  // or a stream of `body_size` bytes pulled through `body_source`.
  std::string_view body;
  BodySource body_source;
  uint64_t body_size = 0;  // used with body_source

  // Where the response body goes: into Response::body unless a sink is given.
  BodySink body_sink;
  HeadersCallback on_headers;

  RequestAccount account;
};

struct Response {
  long status = 0;
  Headers headers;   // names lowercased
  std::string body;  // empty when Request::body_sink was set
};

}  // namespace hoist::http

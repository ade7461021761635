// EventLoop drives many HTTP/1.1 requests at once on one thread through libcurl's multi
// interface, reusing connections between requests. Each thread that sends requests owns its
// own loop (no locks inside): submit() and run() must be called from that thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>

#include "engine/http/message.h"
#include "engine/http/options.h"
#include "engine/http/transport_error.h"

namespace hoist::http {

// What came back for one request: either a response (any status) or a transport error.
struct Outcome {
  TransportError error;
  Response response;
  std::chrono::microseconds elapsed{0};  // from submit() to completion
  uint64_t bytes_sent = 0;               // request body bytes handed to the connection
};

using Completion = std::function<void(Outcome&& outcome)>;

class EventLoop {
 public:
  explicit EventLoop(Options options);
  // Drops requests still in flight without running their completions.
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  // Queues `request`; `done` runs on this thread from inside run() when it finishes.
  // REQUIRES: memory behind request.body stays valid until `done` has run.
  void submit(Request request, Completion done);

  // Sends everything queued (including requests that completions submit) and returns when
  // no request is left in flight.
  void run();

  // One round of the loop for threads that also do other work: moves bytes and runs the
  // completions that are due; when none was, waits at most `timeout` for network activity
  // (or wakeup()) and does the same again. So it returns soon after any completion, and the
  // caller can use the room that made.
  void poll(std::chrono::milliseconds timeout);

  // Makes a poll() that is waiting return early; if none is waiting, the next one returns at
  // once. The only call another thread may make.
  void wakeup();

  // Number of requests submitted and not yet completed.
  size_t in_flight() const;

  // Requests in flight that `owner` sent (RequestAccount::owner).
  size_t in_flight(const void* owner) const;

  // Drops the requests in flight that `owner` sent, without running their completions (which
  // are destroyed here, with whatever they hold), so that one transfer sharing the loop with
  // others can stop without waiting for its requests or ending theirs. Null: nothing.
  void cancel(const void* owner);

  const Options& options() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Sends one request and waits for it: for control-plane calls (credentials, small S3 calls).
Outcome perform(EventLoop& loop, Request request);

}  // namespace hoist::http

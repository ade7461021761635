// Service: sends Operations to one S3 endpoint. It addresses each request (virtual-hosted or
// path-style), signs it with SigV4 and turns failures into hoist::Error. One Service belongs
// to one thread, like the EventLoop it drives.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "engine/http/event_loop.h"
#include "engine/s3/endpoint.h"
#include "engine/s3/operation.h"
#include "engine/s3/retry_policy.h"
#include "hoist/result.h"
#include "sigv4/credentials.h"
#include "sigv4/signing_key_cache.h"

namespace hoist::s3 {

// Supplies current credentials for each request (refreshing ones that expire).
using CredentialsSource = std::function<Result<sigv4::Credentials>()>;

struct ServiceOptions {
  Endpoint endpoint;
  AddressingStyle addressing = AddressingStyle::kAuto;
  std::string region = "us-east-1";
  http::Options http;
  // Whether and when a failed request goes again (attempt cap, backoff with jitter, retry
  // budget): one policy shared by every Service made from these options, so a Client's own
  // calls and the workers of all its transfers draw on one budget. Null: a policy of its own.
  std::shared_ptr<RetryPolicy> retry;
  // The share of their concurrency senders keep in flight, halved on SlowDown: shared the
  // same way, so a SlowDown answered to a listing slows the Client's transfers too.
  std::shared_ptr<Throttle> throttle;
  // Every request says the requester pays (x-amz-request-payer: requester), as reading a
  // Requester Pays bucket requires.
  bool request_payer = false;
  // Most keys a listing asks for per page (S3 answers at most 1,000).
  int list_page_size = 1000;
};

// One try of a request, as the engine's retry logic sees it.
struct Attempt {
  Result<http::Response> result;         // the 2xx response, or the error it met
  std::chrono::microseconds elapsed{0};  // from sending to completion
  uint64_t bytes_sent = 0;               // request body bytes put on the connection
};

class Service {
 public:
  Service(ServiceOptions options, CredentialsSource credentials);

  // Signs and sends `op`, waits for it, and returns the 2xx response or the error. A retryable
  // failure (5xx, SlowDown, a reset) is retried, re-signed, as retry() allows, when the
  // request can be replayed: its body is in memory and its response body is not streamed to
  // a sink. With `stopped`, a wait between attempts ends as soon as it says true, and the last
  // attempt's error is returned: a cancelled transfer does not sit out a backoff.
  Result<http::Response> execute(Operation op, const std::function<bool()>& stopped = {});

  // Signs `op` now and queues one attempt of it on loop(); `done` runs on this thread from
  // inside loop().poll() or run(). Retrying is the caller's (the transfer engine's workers
  // ask retry() and wait on their own timers). `account` says whose progress, bandwidth cap
  // and cancel the attempt belongs to. REQUIRES: op outlives the attempt.
  void submit(const Operation& op, std::function<void(Attempt&&)> done,
              http::RequestAccount account = {});

  // Records one attempt's outcome with the shared policies (a success refunds the retry
  // budget; a SlowDown halves the throttle) and says when the request may go again: nullopt
  // when it succeeded, `may_retry` is false, or the policy gives up. Both execute() and the
  // engine's workers (after submit()) decide through it.
  std::optional<std::chrono::milliseconds> after_attempt(const Result<http::Response>& result,
                                                         int attempt, bool may_retry);

  // The signed HTTP request for `op` at time `now`, ready for an EventLoop.
  // REQUIRES: op outlives the returned request (the body is a view of op's memory).
  Result<http::Request> prepare(const Operation& op, std::chrono::system_clock::time_point now);

  // A presigned URL that lets anyone holding it run `method` on bucket/key until it expires.
  // REQUIRES: 1 <= expires_seconds <= 604800 (7 days), else an error.
  Result<std::string> presign(std::string_view method, std::string_view bucket,
                              std::string_view key, long expires_seconds,
                              std::chrono::system_clock::time_point now);

  const ServiceOptions& options() const { return options_; }
  http::EventLoop& loop() { return loop_; }
  Throttle& throttle() const { return *options_.throttle; }

 private:
  // The outcome of one attempt: the 2xx response, or the error it met. An answer naming the
  // bucket's real region teaches it (region_for) and is retryable, once per bucket.
  Result<http::Response> classify(http::Outcome&& outcome, const Operation& op);
  // The region requests to `bucket` are signed for (and, on AWS, sent to).
  const std::string& region_for(const std::string& bucket) const;

  ServiceOptions options_;
  CredentialsSource credentials_;
  // Buckets S3 said live in another region than options_.region (301 PermanentRedirect,
  // 400 AuthorizationHeaderMalformed): learned once each, as aws-cli does.
  std::map<std::string, std::string> bucket_regions_;
  http::EventLoop loop_;
  sigv4::SigningKeyCache key_cache_;
};

}  // namespace hoist::s3

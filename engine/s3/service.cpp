#include "engine/s3/service.h"

#include <algorithm>
#include <thread>

#include "engine/s3/error_response.h"
#include "sigv4/canonical_uri.h"
#include "sigv4/presigner.h"
#include "sigv4/sha256.h"
#include "sigv4/signer.h"

namespace hoist::s3 {
namespace {

sigv4::Request to_sigv4(const Operation& op, const Target& target) {
  sigv4::Request r;
  r.method = op.method;
  r.path = target.path;
  r.query = op.query;
  r.headers.emplace_back("host", target.host_header);
  for (const auto& h : op.headers) r.headers.push_back(h);
  if (op.payload == PayloadSigning::kUnsigned) {
    r.payload_hash = std::string(sigv4::UNSIGNED_PAYLOAD);
  } else {
    std::string_view body = op.body_view();
    r.payload_hash =
        body.empty() ? std::string(sigv4::EMPTY_PAYLOAD_SHA256) : sigv4::hex_sha256(body);
  }
  return r;
}

// Waits `delay`, or less when `stopped` says true meanwhile (asked every 10 ms): true when
// the whole delay passed.
bool wait_unless_stopped(std::chrono::milliseconds delay, const std::function<bool()>& stopped) {
  if (!stopped) {
    std::this_thread::sleep_for(delay);
    return true;
  }
  const auto until = std::chrono::steady_clock::now() + delay;
  while (!stopped()) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= until) return true;
    std::this_thread::sleep_for(
        std::min<std::chrono::steady_clock::duration>(until - now, std::chrono::milliseconds(10)));
  }
  return false;
}

}  // namespace

Result<http::Response> Service::classify(http::Outcome&& outcome, const Operation& op) {
  if (outcome.error) return error_from_transport(outcome.error, op);
  if (is_success(outcome.response.status)) {
    if (auto hidden = error_in_success(outcome.response, op)) return *hidden;
    return std::move(outcome.response);
  }
  Error e = error_from_response(outcome.response, op);
  std::string region = region_named_by(outcome.response, e);
  if (!op.bucket.empty() && !region.empty() && region != region_for(op.bucket) &&
      !bucket_regions_.count(op.bucket)) {
    bucket_regions_[op.bucket] = region;
    e.retryable = true;  // the retry is signed for (and on AWS sent to) the named region
    if (options_.http.debug) {
      options_.http.debug("bucket " + op.bucket + " is in region " + region + " (" + e.code +
                          " from " + options_.region + "): retrying there");
    }
  }
  return e;
}

const std::string& Service::region_for(const std::string& bucket) const {
  auto learned = bucket_regions_.find(bucket);
  return learned == bucket_regions_.end() ? options_.region : learned->second;
}

Service::Service(ServiceOptions options, CredentialsSource credentials)
    : options_(std::move(options)), credentials_(std::move(credentials)), loop_(options_.http) {
  if (!options_.retry) options_.retry = std::make_shared<RetryPolicy>();
  if (!options_.throttle) options_.throttle = std::make_shared<Throttle>();
}

Result<http::Request> Service::prepare(const Operation& op,
                                       std::chrono::system_clock::time_point now) {
  auto creds = credentials_();
  if (!creds.ok()) return creds.error();
  const std::string& region = region_for(op.bucket);
  // On AWS the region is part of the host; a custom endpoint serves every region itself.
  const Endpoint endpoint = options_.endpoint.is_aws && region != options_.region
                                ? aws_endpoint(region)
                                : options_.endpoint;
  Target target = resolve_target(endpoint, options_.addressing, op.bucket, op.key);
  sigv4::Request signable = to_sigv4(op, target);
  if (options_.request_payer) signable.headers.emplace_back("x-amz-request-payer", "requester");
  if (creds->access_key_id.empty()) {
    sigv4::prepare_unsigned(signable);  // --no-sign-request: anonymous, as for public buckets
  } else {
    sigv4::sign(signable, *creds, sigv4::Scope{region, "s3"}, now, &key_cache_);
  }

  http::Request request;
  request.method = op.method;
  request.url = target.origin + sigv4::request_target(signable);
  request.headers = std::move(signable.headers);
  request.body = op.body_view();
  request.body_source = op.body_source;
  request.body_size = op.body_size;
  request.body_sink = op.body_sink;
  request.on_headers = op.on_headers;
  if (op.method == "PUT" || op.method == "POST") {
    uint64_t length = op.body_source ? op.body_size : op.body_view().size();
    request.headers.emplace_back("Content-Length", std::to_string(length));
  }
  return request;
}

Result<http::Response> Service::execute(Operation op, const std::function<bool()>& stopped) {
  const bool replayable = !op.body_source && !op.body_sink && !op.on_headers;
  for (int attempt = 1;; ++attempt) {
    auto request = prepare(op, std::chrono::system_clock::now());
    if (!request.ok()) return request.error();
    Result<http::Response> result = classify(http::perform(loop_, std::move(*request)), op);
    auto delay = after_attempt(result, attempt, replayable);
    if (!delay || !wait_unless_stopped(*delay, stopped)) return result;
  }
}

std::optional<std::chrono::milliseconds> Service::after_attempt(
    const Result<http::Response>& result, int attempt, bool may_retry) {
  if (result.ok()) {
    options_.retry->on_success();
    return std::nullopt;
  }
  if (is_slow_down(result.error())) {
    options_.throttle->on_slow_down(std::chrono::steady_clock::now());
  }
  if (!may_retry) return std::nullopt;
  return options_.retry->after_failure(result.error(), attempt);
}

void Service::submit(const Operation& op, std::function<void(Attempt&&)> done,
                     http::RequestAccount account) {
  auto request = prepare(op, std::chrono::system_clock::now());
  if (!request.ok()) {
    done(Attempt{request.error()});
    return;
  }
  request->account = std::move(account);
  loop_.submit(std::move(*request), [this, &op, done = std::move(done)](http::Outcome&& outcome) {
    Attempt attempt{Error{}, outcome.elapsed, outcome.bytes_sent};
    attempt.result = classify(std::move(outcome), op);
    done(std::move(attempt));
  });
}

Result<std::string> Service::presign(std::string_view method, std::string_view bucket,
                                     std::string_view key, long expires_seconds,
                                     std::chrono::system_clock::time_point now) {
  if (expires_seconds < 1 || expires_seconds > sigv4::kMaxPresignExpiry.count()) {
    Error e = Error::make(ErrorKind::kInvalid, "InvalidArgument",
                          "a presigned URL must expire within 1 to 604800 seconds (7 days)");
    e.bucket = std::string(bucket);
    e.key = std::string(key);
    return e;
  }
  auto creds = credentials_();
  if (!creds.ok()) return creds.error();
  Target target = resolve_target(options_.endpoint, options_.addressing, bucket, key);
  sigv4::Request r;
  r.method = std::string(method);
  r.path = target.path;
  r.headers.emplace_back("host", target.host_header);
  r.payload_hash = std::string(sigv4::UNSIGNED_PAYLOAD);
  return sigv4::presign_url(target.origin, std::move(r), *creds,
                            sigv4::Scope{options_.region, "s3"}, now,
                            std::chrono::seconds(expires_seconds), &key_cache_);
}

}  // namespace hoist::s3

#include "tools/serve/s3_frontend.h"

#include <chrono>
#include <random>
#include <thread>

#include "tools/serve/archive_rules.h"
#include "tools/serve/object_options.h"
#include "tools/serve/operations.h"
#include "tools/serve/s3_error.h"
#include "tools/serve/sts_operations.h"

namespace hoist::serve {
namespace {

// Bodies that are not object bytes (DeleteObjects, CompleteMultipartUpload, a bucket's
// configuration) are XML of at most a few MB: 10,000 parts or 1,000 keys.
constexpr size_t kMaxBufferedBody = 16u << 20;

uint64_t random_seed() {
  std::random_device device;
  return (static_cast<uint64_t>(device()) << 32) | device();
}

// How far into the body a kReset fault drops the connection.
constexpr uint64_t kResetAfterBytes = 64 << 10;

}  // namespace

S3Frontend::S3Frontend(ObjectStore& store, FrontendConfig config)
    : store_(store),
      config_(std::move(config)),
      issued_(config_.sts_duration),
      sso_(config_.sso_access_tokens, issued_),
      authenticator_(config_.credentials, config_.region, issued_),
      faults_(config_.fault_rate, config_.fault_seed),
      held_answers_(config_.answered_parts, config_.held_part_answers),
      request_id_base_(random_seed()) {}

HttpResponse S3Frontend::fail(const Exchange& exchange, const Error& error) const {
  std::string resource = exchange.raw_target.substr(0, exchange.raw_target.find('?'));
  return error_response(error, resource, exchange.request_id, exchange.method == "HEAD");
}

void S3Frontend::begin(Exchange& exchange) {
  char id[17];
  snprintf(id, sizeof id, "%016llX",
           static_cast<unsigned long long>(request_id_base_ + next_request_.fetch_add(1)));
  exchange.request_id = id;

  const std::string* host = exchange.header("host");
  auto target = parse_request_target(exchange.raw_target, host ? *host : "",
                                     config_.service_host);
  if (!target) {
    exchange.early_response =
        fail(exchange, s3_error(400, "InvalidURI", "Couldn't parse the specified URI."));
    return;
  }
  exchange.target = std::move(*target);
  if (begin_identity_request(exchange)) return;

  SignedRequest signed_request{exchange.method, exchange.target.raw_path, exchange.target.query,
                               exchange.headers};
  auto verified = authenticator_.verify(signed_request, std::chrono::system_clock::now());
  if (!verified.ok()) {
    exchange.early_response = fail(exchange, verified.error());
    return;
  }

  exchange.operation = classify(exchange.method, exchange.target);
  if (exchange.operation == Operation::kUnknown) {
    exchange.early_response = fail(
        exchange, s3_error(501, "NotImplemented",
                           "hoist serve does not implement this operation: " + exchange.method +
                               " " + exchange.target.raw_path));
    return;
  }

  exchange.fault = faults_.next();
  switch (exchange.fault) {
    case Fault::kNone:
      break;
    case Fault::kSlowDown:
      exchange.early_response =
          fail(exchange, s3_error(503, "SlowDown", "Please reduce your request rate."));
      return;
    case Fault::kInternalError:
      exchange.early_response = fail(
          exchange, s3_error(500, "InternalError", "We encountered an internal error. Please "
                                                   "try again."));
      return;
    case Fault::kStall:
      std::this_thread::sleep_for(FaultInjector::kStallTime);
      exchange.early_response.emplace().reset_connection = true;
      return;
    case Fault::kReset:
      break;  // receive() drops the connection partway into the body, or finish() at once
  }

  if (exchange.operation == Operation::kPutObject ||
      exchange.operation == Operation::kCreateMultipartUpload ||
      exchange.operation == Operation::kUploadPart) {
    if (Status options = check_object_options(exchange, config_.kms_key_ids); !options.ok()) {
      exchange.early_response = fail(exchange, options.error());
      return;
    }
  }

  auto verifier = BodyVerifier::from_headers(
      exchange.operation == Operation::kCompleteMultipartUpload
          ? sigv4::NameValues()  // its checksum headers describe the object, not the XML
          : exchange.headers,
      verified->payload_hash);
  if (!verifier.ok()) {
    exchange.early_response = fail(exchange, verifier.error());
    return;
  }
  exchange.verifier = std::move(*verifier);
  if (auto prepared = prepare_body(exchange); !prepared.ok()) {
    exchange.early_response = fail(exchange, prepared.error());
  }
}

bool S3Frontend::begin_identity_request(Exchange& exchange) {
  if (is_sts_request(exchange)) {
    exchange.operation = Operation::kStsAction;
  } else if (SsoService::is_get_role_credentials(exchange)) {
    exchange.operation = Operation::kSsoGetRoleCredentials;
  } else if (SsoService::is_create_token(exchange)) {
    exchange.operation = Operation::kSsoCreateToken;
  } else {
    return false;
  }
  // The body is buffered whole and read by the operation (STS hashes it to check the
  // signature), so it needs no checks of its own here.
  auto verifier = BodyVerifier::from_headers({}, std::string(sigv4::UNSIGNED_PAYLOAD));
  if (!verifier.ok()) {
    exchange.early_response = fail(exchange, verifier.error());
  } else {
    exchange.verifier = std::move(*verifier);
  }
  return true;
}

Status S3Frontend::prepare_body(Exchange& exchange) {
  if (exchange.verifier->chunked()) {
    exchange.decoder = std::make_unique<AwsChunkedDecoder>(
        [&exchange, this](std::span<const char> bytes) { take_body_bytes(exchange, bytes); });
  }
  const Exchange& e = exchange;
  if (e.operation == Operation::kPutObject) {
    if (e.header("x-amz-copy-source")) {
      return s3_error(501, "NotImplemented", "hoist serve does not implement CopyObject.");
    }
    const ObjectAttributes attributes = object_attributes(e);
    if (auto valid = check_storage_class(attributes); !valid.ok()) return valid;
    auto writer = store_.put_object(e.target.bucket, e.target.key, attributes);
    if (!writer.ok()) return writer.error();
    exchange.writer = std::move(*writer);
  } else if (e.operation == Operation::kUploadPart) {
    auto number = part_number(e);
    if (!number.ok()) return number.error();
    const std::string* upload_id = e.param("uploadId");
    if (upload_id == nullptr) {
      return s3_error(400, "InvalidRequest", "UploadPart requires uploadId.");
    }
    auto writer = store_.put_part(e.target.bucket, e.target.key, *upload_id, *number);
    if (!writer.ok()) return writer.error();
    exchange.writer = std::move(*writer);
  } else if (e.operation == Operation::kDeleteObjects && !e.header("content-md5")) {
    bool has_checksum = false;
    for (const auto& header : e.headers) {
      if (header.first.rfind("x-amz-checksum-", 0) == 0 || header.first == "x-amz-trailer") {
        has_checksum = true;
      }
    }
    if (!has_checksum) {
      return s3_error(400, "InvalidRequest",
                      "Missing required header for this request: Content-MD5");
    }
  }
  return ok_status();
}

void S3Frontend::take_body_bytes(Exchange& exchange, std::span<const char> bytes) {
  if (exchange.body_error) return;
  exchange.verifier->update(bytes);
  if (exchange.writer) {
    if (auto written = exchange.writer->write(bytes); !written.ok()) {
      exchange.body_error = written.error();
    }
  } else if (exchange.buffered.size() + bytes.size() > kMaxBufferedBody) {
    exchange.body_error = s3_error(400, "MaxMessageLengthExceeded",
                                   "Your request was too big.");
  } else {
    exchange.buffered.append(bytes.data(), bytes.size());
  }
}

bool S3Frontend::receive(Exchange& exchange, std::span<const char> bytes) {
  exchange.received += bytes.size();
  if (exchange.fault == Fault::kReset && exchange.received >= kResetAfterBytes) return false;
  if (exchange.body_error) return true;  // read the rest, reject it in finish()
  if (exchange.decoder) {
    if (!exchange.decoder->feed(bytes)) {
      exchange.body_error = s3_error(400, "IncompleteBody",
                                     "The aws-chunked request body is malformed.");
    }
  } else {
    take_body_bytes(exchange, bytes);
  }
  return true;
}

HttpResponse S3Frontend::finish(Exchange& exchange) {
  if (exchange.fault == Fault::kReset) {
    HttpResponse reset;
    reset.reset_connection = true;
    return reset;
  }
  if (exchange.body_error) return fail(exchange, *exchange.body_error);
  NamedValues trailers;
  if (exchange.decoder) {
    if (!exchange.decoder->done()) {
      return fail(exchange, s3_error(400, "IncompleteBody",
                                     "The aws-chunked request body ended early."));
    }
    const std::string* declared = exchange.header("x-amz-decoded-content-length");
    if (declared && *declared != std::to_string(exchange.decoder->decoded_size())) {
      return fail(exchange, s3_error(400, "IncompleteBody",
                                     "The decoded body size does not match "
                                     "x-amz-decoded-content-length."));
    }
    trailers = exchange.decoder->trailers();
  }
  auto checksums = exchange.verifier->verify(trailers);
  if (!checksums.ok()) return fail(exchange, checksums.error());
  auto response = run(exchange, *checksums);
  if (!response.ok()) return fail(exchange, response.error());
  if (exchange.operation == Operation::kUploadPart && held_answers_.hold_next()) {
    if (config_.notice) {
      const std::string* upload_id = exchange.param("uploadId");
      const std::string* number = exchange.param("partNumber");
      config_.notice("stored part " + (number ? *number : "?") + " of upload " +
                     (upload_id ? *upload_id : "?") + " to " + exchange.target.bucket + "/" +
                     exchange.target.key + "; holding its answer until the server stops");
    }
    held_answers_.wait();
    HttpResponse reset;
    reset.reset_connection = true;
    return reset;
  }
  return std::move(*response);
}

Result<HttpResponse> S3Frontend::run(Exchange& exchange, const NamedValues& checksums) {
  switch (exchange.operation) {
    case Operation::kListBuckets: return list_buckets(store_);
    case Operation::kCreateBucket: return create_bucket(store_, exchange);
    case Operation::kHeadBucket: return head_bucket(store_, exchange);
    case Operation::kDeleteBucket: return delete_bucket(store_, exchange);
    case Operation::kGetBucketLocation:
      return get_bucket_location(store_, exchange, config_.region);
    case Operation::kListObjects: return list_objects(store_, exchange);
    case Operation::kDeleteObjects: return delete_objects(store_, exchange);
    case Operation::kListMultipartUploads: return list_multipart_uploads(store_, exchange);
    case Operation::kPutObject: return commit_body(exchange, checksums);
    case Operation::kGetObject: return get_object(store_, exchange);
    case Operation::kHeadObject: return head_object(store_, exchange);
    case Operation::kDeleteObject: return delete_object(store_, exchange);
    case Operation::kCreateMultipartUpload: return create_multipart_upload(store_, exchange);
    case Operation::kUploadPart: return commit_body(exchange, checksums);
    case Operation::kCompleteMultipartUpload:
      return complete_multipart_upload(store_, exchange);
    case Operation::kAbortMultipartUpload: return abort_multipart_upload(store_, exchange);
    case Operation::kListParts: return list_parts(store_, exchange);
    case Operation::kRestoreObject:
      return restore_object(store_, exchange, config_.restore_delay.count());
    case Operation::kStsAction:
      return sts_action(exchange, authenticator_, issued_, std::chrono::system_clock::now());
    case Operation::kSsoGetRoleCredentials:
      return sso_.get_role_credentials(exchange, std::chrono::system_clock::now());
    case Operation::kSsoCreateToken: return sso_.create_token(exchange);
    case Operation::kUnknown: break;
  }
  return s3_error(501, "NotImplemented", "hoist serve does not implement this operation.");
}

}  // namespace hoist::serve

#include "engine/s3/error_response.h"

#include <array>

#include "engine/s3/xml.h"

namespace hoist::s3 {
namespace {

// The code S3 would have sent for a bodiless (HEAD) error response.
std::string code_for_status(long status, const Operation& op) {
  switch (status) {
    case 301:
      return "PermanentRedirect";
    case 304:
      return "NotModified";
    case 400:
      return "BadRequest";
    case 403:
      return "AccessDenied";
    case 404:
      return op.key.empty() ? "NoSuchBucket" : "NoSuchKey";
    case 405:
      return "MethodNotAllowed";
    case 409:
      return "Conflict";
    case 412:
      return "PreconditionFailed";
    case 416:
      return "InvalidRange";
    case 500:
      return "InternalError";
    case 503:
      return "ServiceUnavailable";
    default:
      return "HTTP" + std::to_string(status);
  }
}

std::string message_for_status(long status) {
  switch (status) {
    case 301:
      return "the bucket is in another region";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    default:
      return "HTTP status " + std::to_string(status);
  }
}

Error base_error(const Operation& op) {
  Error e;
  e.bucket = op.bucket;
  e.key = op.key;
  return e;
}

}  // namespace

bool is_retryable(int http_status, std::string_view code) {
  // RequestTimeTooSkewed is not here: a retry signed with the same wrong clock fails again.
  static constexpr std::array<std::string_view, 5> kTransientCodes = {
      "RequestTimeout", "InternalError", "SlowDown", "ServiceUnavailable", "Throttling",
  };
  for (auto c : kTransientCodes) {
    if (code == c) return true;
  }
  return http_status == 500 || http_status == 502 || http_status == 503 || http_status == 504;
}

Error error_from_response(const http::Response& response, const Operation& op) {
  Error e = base_error(op);
  e.kind = ErrorKind::kService;
  e.http_status = static_cast<int>(response.status);
  if (auto id = http::find_header(response.headers, "x-amz-request-id")) e.request_id = *id;

  pugi::xml_document doc;
  pugi::xml_node root;
  if (!response.body.empty() && !parse_xml_root(response.body, "Error", op.name, doc, root)) {
    e.code = child_text(root, "Code");
    e.message = child_text(root, "Message");
    if (e.request_id.empty()) e.request_id = child_text(root, "RequestId");
  }
  if (e.code.empty()) e.code = code_for_status(response.status, op);
  if (e.message.empty()) e.message = message_for_status(response.status);
  if (response.status == 301) {
    // S3 names the bucket's real region; saying it saves the user a search.
    if (auto region = http::find_header(response.headers, "x-amz-bucket-region")) {
      e.message += " (bucket is in region " + std::string(*region) + "; use --region " +
                   std::string(*region) + ")";
    }
  }
  e.retryable = is_retryable(e.http_status, e.code);
  return e;
}

std::optional<Error> error_in_success(const http::Response& response, const Operation& op) {
  if (op.error_body_on_success && response.body.find("<Error") != std::string::npos) {
    pugi::xml_document doc;
    pugi::xml_node root;
    if (!parse_xml_root(response.body, "Error", op.name, doc, root)) {
      return error_from_response(response, op);  // retryable by its code (InternalError...)
    }
  }
  if (op.etag_required && !http::find_header(response.headers, "ETag")) {
    Error e = malformed_response(op, "the answer carries no ETag");
    e.http_status = static_cast<int>(response.status);
    e.retryable = true;  // S3 always sends one: the answer was damaged, the request may not be
    return e;
  }
  return std::nullopt;
}

std::string region_named_by(const http::Response& response, const Error& error) {
  std::string region;
  // S3 names the region in a header on both (the only place a HEAD answer can), and in the
  // body of an AuthorizationHeaderMalformed.
  const bool redirect = response.status == 301 || error.code == "PermanentRedirect" ||
                        error.code == "AuthorizationHeaderMalformed" ||
                        (response.status == 400 && error.code == "BadRequest");
  if (auto header = http::find_header(response.headers, "x-amz-bucket-region"); header && redirect) {
    region = *header;
  } else if (error.code == "AuthorizationHeaderMalformed" && !response.body.empty()) {
    pugi::xml_document doc;
    pugi::xml_node root;
    if (!parse_xml_root(response.body, "Error", "error", doc, root)) {
      region = child_text(root, "Region");
    }
  }
  const bool plausible = !region.empty() && region.size() <= 32 &&
                         region.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") ==
                             std::string::npos;
  return plausible ? region : std::string();
}

Error error_from_transport(const http::TransportError& error, const Operation& op) {
  Error e = base_error(op);
  e.kind = ErrorKind::kTransport;
  e.code = "NetworkError";
  e.message = error.message;
  e.retryable = http::is_retryable(error.kind);
  return e;
}

Error malformed_response(const Operation& op, std::string message) {
  Error e = base_error(op);
  e.kind = ErrorKind::kService;
  e.code = "MalformedResponse";
  e.message = op.name + ": " + std::move(message);
  return e;
}

}  // namespace hoist::s3

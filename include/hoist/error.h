// hoist::Error: what went wrong with one operation, in enough detail to act on it. Errors
// from S3 carry the service's code, message and request id; transport failures carry their
// reason; every error names the bucket and key (or local path) it concerns.
#pragma once

#include <string>

namespace hoist {

enum class ErrorKind {
  kService,    // S3 answered with an error status (code/message/request_id are set)
  kTransport,  // no usable response: connect, timeout, reset, TLS
  kLocal,      // local file system: missing file, permission, disk full
  kInvalid,    // the caller's input was rejected before anything was sent
  kIntegrity,  // data arrived but did not match its checksum or size
};

struct Error {
  ErrorKind kind = ErrorKind::kService;
  int http_status = 0;     // 0 when no response arrived
  std::string code;        // S3 error code, e.g. "NoSuchKey"; or a short local reason
  std::string message;     // human-readable reason
  std::string request_id;  // x-amz-request-id, when S3 sent one
  std::string bucket;      // what the error concerns (empty when not applicable)
  std::string key;
  std::string local_path;
  bool retryable = false;  // a retry of the same request may succeed

  static Error make(ErrorKind kind, std::string code, std::string message) {
    Error e;
    e.kind = kind;
    e.code = std::move(code);
    e.message = std::move(message);
    return e;
  }

  // "NoSuchKey: The specified key does not exist. (request id 4442587FB7D0A2F9)"
  std::string describe() const {
    std::string out = code.empty() ? message : code + ": " + message;
    if (!request_id.empty()) out += " (request id " + request_id + ")";
    return out;
  }
};

}  // namespace hoist

// Why an HTTP exchange did not produce a response. These are the failures below HTTP: the
// server never answered with a status line we could read.
#pragma once

#include <string>
#include <string_view>

namespace hoist::http {

enum class TransportErrorKind {
  kNone,             // a response arrived (whatever its status)
  kResolve,          // host name did not resolve
  kConnect,          // TCP connect refused or unreachable
  kConnectTimeout,   // connect did not finish within the connect timeout
  kTimeout,          // too slow: low-speed limit or overall timeout hit mid-transfer
  kConnectionReset,  // the connection broke while sending or receiving
  kTls,              // TLS handshake or certificate verification failed
  kAborted,          // our own body source or sink asked to stop
  kInvalidRequest,   // the request could not be built (bad URL, bad option)
  kOther,
};

struct TransportError {
  TransportErrorKind kind = TransportErrorKind::kNone;
  std::string message;  // human-readable, names the reason (never contains secrets)

  explicit operator bool() const { return kind != TransportErrorKind::kNone; }
};

// True for failures that a retry of the same request may cure.
bool is_retryable(TransportErrorKind kind);

std::string_view to_string(TransportErrorKind kind);

}  // namespace hoist::http

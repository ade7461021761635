#include "engine/http/transport_error.h"

namespace hoist::http {

bool is_retryable(TransportErrorKind kind) {
  switch (kind) {
    case TransportErrorKind::kConnect:
    case TransportErrorKind::kConnectTimeout:
    case TransportErrorKind::kTimeout:
    case TransportErrorKind::kConnectionReset:
      return true;
    case TransportErrorKind::kNone:
    case TransportErrorKind::kResolve:
    case TransportErrorKind::kTls:
    case TransportErrorKind::kAborted:
    case TransportErrorKind::kInvalidRequest:
    case TransportErrorKind::kOther:
      return false;
  }
  return false;
}

std::string_view to_string(TransportErrorKind kind) {
  switch (kind) {
    case TransportErrorKind::kNone:
      return "none";
    case TransportErrorKind::kResolve:
      return "could not resolve host";
    case TransportErrorKind::kConnect:
      return "could not connect";
    case TransportErrorKind::kConnectTimeout:
      return "connect timed out";
    case TransportErrorKind::kTimeout:
      return "transfer timed out";
    case TransportErrorKind::kConnectionReset:
      return "connection reset";
    case TransportErrorKind::kTls:
      return "TLS failure";
    case TransportErrorKind::kAborted:
      return "aborted";
    case TransportErrorKind::kInvalidRequest:
      return "invalid request";
    case TransportErrorKind::kOther:
      return "transport failure";
  }
  return "transport failure";
}

}  // namespace hoist::http

// Redaction of secrets from anything that may be printed: --debug lines and error messages.
// Signatures, session tokens, SSE-C keys and metadata tokens never reach a log.
#pragma once

#include <string>
#include <string_view>

namespace hoist::http {

// True when the value of header `name` must never be printed as is.
bool is_secret_header(std::string_view name);

// The header value as it may be printed: secrets replaced, and for Authorization only the
// signature hidden (the access key id and signed header list help debugging and are not secret).
std::string redacted_header_value(std::string_view name, std::string_view value);

// The URL with the values of X-Amz-Signature, X-Amz-Security-Token and X-Amz-Credential-like
// secrets in its query replaced.
std::string redacted_url(std::string_view url);

}  // namespace hoist::http

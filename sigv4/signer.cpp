#include "sigv4/signer.h"

#include <algorithm>
#include <string>

#include "sigv4/canonical_request.h"
#include "sigv4/signature.h"

namespace hoist::sigv4 {
namespace {

void remove_header(Request& request, std::string_view name) {
  std::erase_if(request.headers,
                [&](const auto& header) { return header_name_equals(header.first, name); });
}

// The value of the one header called `name`, emptied: an existing header is reused (and any
// repeats of it dropped) so that signing a request again does not reallocate its strings.
std::string& header_slot(Request& request, std::string_view name) {
  auto& headers = request.headers;
  auto found = std::find_if(headers.begin(), headers.end(), [&](const auto& header) {
    return header_name_equals(header.first, name);
  });
  if (found == headers.end()) return headers.emplace_back(name, std::string()).second;
  const size_t index = static_cast<size_t>(found - headers.begin());
  headers.erase(
      std::remove_if(found + 1, headers.end(),
                     [&](const auto& header) { return header_name_equals(header.first, name); }),
      headers.end());
  headers[index].second.clear();
  return headers[index].second;
}

void append_authorization(std::string* out, std::string_view access_key_id,
                          std::string_view credential_scope, std::string_view signed_headers) {
  out->append(kAlgorithm);
  out->append(" Credential=");
  out->append(access_key_id);
  out->push_back('/');
  out->append(credential_scope);
  out->append(", SignedHeaders=");
  out->append(signed_headers);
  out->append(", Signature=");
}

}  // namespace

void add_signing_headers(Request& request, const Credentials& credentials, const AmzDate& date,
                         const SigningOptions& options) {
  header_slot(request, "x-amz-date").append(date.timestamp());
  if (options.content_sha256_header) {
    header_slot(request, "x-amz-content-sha256").append(request.payload_hash);
  }
  if (options.sign_session_token && !credentials.session_token.empty()) {
    header_slot(request, "x-amz-security-token").append(credentials.session_token);
  } else {
    remove_header(request, "x-amz-security-token");
  }
}

void prepare_unsigned(Request& request) {
  header_slot(request, "x-amz-content-sha256").append(request.payload_hash);
  remove_header(request, "authorization");
  remove_header(request, "x-amz-date");
  remove_header(request, "x-amz-security-token");
}

std::string authorization(std::string_view access_key_id, std::string_view credential_scope,
                          std::string_view signed_headers, std::string_view signature) {
  std::string out;
  append_authorization(&out, access_key_id, credential_scope, signed_headers);
  out.append(signature);
  return out;
}

void sign(Request& request, const Credentials& credentials, const Scope& scope,
          std::chrono::system_clock::time_point now, SigningKeyCache* cache,
          const SigningOptions& options) {
  require_signable(request, "sigv4::sign");
  const AmzDate date(now);
  add_signing_headers(request, credentials, date, options);

  // Per-thread buffers: after the first request on a thread they no longer allocate.
  thread_local std::string canonical;
  thread_local std::string signed_list;
  thread_local std::string scope_text;
  thread_local std::string to_sign;
  canonical.clear();
  scope_text.clear();
  to_sign.clear();
  append_canonical_request(&canonical, &signed_list, request, options);
  append_credential_scope(&scope_text, date.date(), scope);
  append_string_to_sign(&to_sign, date.timestamp(), scope_text, canonical);
  const SigningKey key = signing_key(credentials, date.date(), scope, cache);

  std::string& value = header_slot(request, "authorization");
  append_authorization(&value, credentials.access_key_id, scope_text, signed_list);
  append_signature(&value, key, to_sign);
  if (!options.sign_session_token && !credentials.session_token.empty()) {
    request.headers.emplace_back("x-amz-security-token", credentials.session_token);
  }
}

}  // namespace hoist::sigv4

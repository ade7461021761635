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

void set_header(Request& request, std::string_view name, std::string_view value) {
  remove_header(request, name);
  request.headers.emplace_back(name, value);
}

}  // namespace

void add_signing_headers(Request& request, const Credentials& credentials, const AmzDate& date,
                         const SigningOptions& options) {
  remove_header(request, "authorization");
  remove_header(request, "x-amz-security-token");
  set_header(request, "x-amz-date", date.timestamp());
  if (options.content_sha256_header) {
    set_header(request, "x-amz-content-sha256", request.payload_hash);
  }
  if (options.sign_session_token && !credentials.session_token.empty()) {
    request.headers.emplace_back("x-amz-security-token", credentials.session_token);
  }
}

std::string authorization(std::string_view access_key_id, std::string_view credential_scope,
                          std::string_view signed_headers, std::string_view signature) {
  std::string out;
  out.reserve(kAlgorithm.size() + access_key_id.size() + credential_scope.size() +
              signed_headers.size() + signature.size() + 40);
  out.append(kAlgorithm);
  out.append(" Credential=");
  out.append(access_key_id);
  out.push_back('/');
  out.append(credential_scope);
  out.append(", SignedHeaders=");
  out.append(signed_headers);
  out.append(", Signature=");
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
  canonical.clear();
  scope_text.clear();
  append_canonical_request(&canonical, &signed_list, request, options);
  append_credential_scope(&scope_text, date.date(), scope);

  const SigningKey key = signing_key(credentials, date.date(), scope, cache);
  request.headers.emplace_back(
      "authorization",
      authorization(credentials.access_key_id, scope_text, signed_list,
                    signature(key, string_to_sign(date.timestamp(), scope_text, canonical))));
  if (!options.sign_session_token && !credentials.session_token.empty()) {
    request.headers.emplace_back("x-amz-security-token", credentials.session_token);
  }
}

}  // namespace hoist::sigv4

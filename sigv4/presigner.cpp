#include "sigv4/presigner.h"

#include <stdexcept>
#include <string>
#include <utility>

#include "sigv4/canonical_request.h"
#include "sigv4/canonical_uri.h"
#include "sigv4/signature.h"
#include "sigv4/uri_encode.h"

namespace hoist::sigv4 {
namespace {

void require_valid_expiry(std::chrono::seconds expires) {
  if (expires < std::chrono::seconds(1) || expires > kMaxPresignExpiry) {
    throw std::invalid_argument("sigv4::presign_url: X-Amz-Expires must be 1 to " +
                                std::to_string(kMaxPresignExpiry.count()) +
                                " seconds (7 days); got " + std::to_string(expires.count()));
  }
}

}  // namespace

void add_presign_query(Request& request, const Credentials& credentials, const Scope& scope,
                       const AmzDate& date, std::chrono::seconds expires,
                       const SigningOptions& options) {
  require_valid_expiry(expires);
  require_signable(request, "sigv4::presign_url");
  std::string credential = credentials.access_key_id;
  credential.push_back('/');
  append_credential_scope(&credential, date.date(), scope);
  request.query.emplace_back("X-Amz-Algorithm", kAlgorithm);
  request.query.emplace_back("X-Amz-Credential", std::move(credential));
  request.query.emplace_back("X-Amz-Date", date.timestamp());
  request.query.emplace_back("X-Amz-Expires", std::to_string(expires.count()));
  request.query.emplace_back("X-Amz-SignedHeaders", signed_headers(request));
  if (options.sign_session_token && !credentials.session_token.empty()) {
    request.query.emplace_back("X-Amz-Security-Token", credentials.session_token);
  }
}

std::string presign_url(std::string_view origin, Request request,
                        const Credentials& credentials, const Scope& scope,
                        std::chrono::system_clock::time_point now, std::chrono::seconds expires,
                        SigningKeyCache* cache, const SigningOptions& options) {
  const AmzDate date(now);
  add_presign_query(request, credentials, scope, date, expires, options);

  const std::string to_sign = string_to_sign(
      date.timestamp(), credential_scope(date.date(), scope), canonical_request(request, options));
  const SigningKey key = signing_key(credentials, date.date(), scope, cache);

  if (!origin.empty() && origin.back() == '/') origin.remove_suffix(1);
  std::string url(origin);
  url.append(request_target(request, options));
  url.append("&X-Amz-Signature=");
  url.append(signature(key, to_sign));
  if (!options.sign_session_token && !credentials.session_token.empty()) {
    url.append("&X-Amz-Security-Token=");
    append_uri_encoded(&url, credentials.session_token, true);
  }
  return url;
}

}  // namespace hoist::sigv4

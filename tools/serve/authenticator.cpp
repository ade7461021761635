#include "tools/serve/authenticator.h"

#include <openssl/crypto.h>

#include <ctime>
#include <optional>
#include <string_view>

#include "sigv4/canonical_request.h"
#include "sigv4/scope.h"
#include "sigv4/sha256.h"
#include "sigv4/signature.h"
#include "sigv4/signing_options.h"
#include "tools/serve/request_target.h"
#include "tools/serve/s3_error.h"

namespace hoist::serve {
namespace {

using Clock = std::chrono::system_clock;

const std::string* find_header(const sigv4::NameValues& headers, std::string_view name) {
  return find_param(headers, name);
}

// "20130524T000000Z" -> time; nullopt if malformed or outside 1970..2099.
std::optional<Clock::time_point> parse_amz_date(const std::string& text) {
  struct tm tm_utc {};
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return std::nullopt;
  const char* end = strptime(text.c_str(), "%Y%m%dT%H%M%SZ", &tm_utc);
  if (end == nullptr || *end != '\0') return std::nullopt;
  // A client may send any four-digit year; the clock's nanosecond time_points end in 2262,
  // and the skew and expiry arithmetic must not overflow either. Any date this far off would
  // be refused as skewed or expired anyway.
  constexpr time_t kYear2100 = 4102444800;
  const time_t seconds = timegm(&tm_utc);
  if (seconds < 0 || seconds >= kYear2100) return std::nullopt;
  return Clock::from_time_t(seconds);
}

// Value of "Name=value" in the Authorization header's comma-separated list.
std::string auth_field(std::string_view header, std::string_view name) {
  size_t pos = 0;
  while (pos < header.size()) {
    while (pos < header.size() && (header[pos] == ' ' || header[pos] == ',')) ++pos;
    size_t end = header.find(',', pos);
    if (end == std::string_view::npos) end = header.size();
    std::string_view field = header.substr(pos, end - pos);
    if (field.size() > name.size() && field.substr(0, name.size()) == name &&
        field[name.size()] == '=') {
      return std::string(field.substr(name.size() + 1));
    }
    pos = end;
  }
  return {};
}

Error denied(std::string code, std::string message) {
  return s3_error(403, std::move(code), std::move(message));
}

bool constant_time_equal(const std::string& a, const std::string& b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

Status check_skew(Clock::time_point signed_at, Clock::time_point now) {
  const auto skew = signed_at > now ? signed_at - now : now - signed_at;
  if (skew > Authenticator::kMaxSkew) {
    return denied("RequestTimeTooSkewed",
                  "The difference between the request time and the current time is too large.");
  }
  return ok_status();
}

}  // namespace

Authenticator::Authenticator(sigv4::Credentials credentials, std::string region, const IssuedCredentials& issued)
    : credentials_(std::move(credentials)), region_(std::move(region)), issued_(issued) {}

Result<Verified> Authenticator::verify(const SignedRequest& request, Clock::time_point now) {
  if (const std::string* authorization = find_header(request.headers, "authorization")) {
    return verify_header(request, *authorization, now, "s3", nullptr);
  }
  if (find_param(request.query, "X-Amz-Signature") != nullptr) {
    return verify_presigned(request, now);
  }
  return denied("AccessDenied", "Anonymous access is not allowed; sign requests with SigV4.");
}

Status Authenticator::verify_service(const SignedRequest& request, std::string_view service,
                                     const std::string& payload_hash, Clock::time_point now) {
  const std::string* authorization = find_header(request.headers, "authorization");
  if (authorization == nullptr) {
    return denied("MissingAuthenticationToken", "Request is missing Authentication Token");
  }
  auto verified = verify_header(request, *authorization, now, service, &payload_hash);
  if (!verified.ok()) return verified.error();
  return ok_status();
}

Result<Verified> Authenticator::verify_header(const SignedRequest& request,
                                              const std::string& authorization,
                                              Clock::time_point now, std::string_view service,
                                              const std::string* payload_override) {
  const std::string_view prefix = sigv4::kAlgorithm;
  if (authorization.compare(0, prefix.size(), prefix) != 0) {
    return s3_error(400, "InvalidArgument",
                    "Unsupported Authorization Type; only AWS4-HMAC-SHA256 is accepted.");
  }
  std::string_view fields = std::string_view(authorization).substr(prefix.size());
  const std::string credential = auth_field(fields, "Credential");
  const std::string names = auth_field(fields, "SignedHeaders");
  const std::string signature = auth_field(fields, "Signature");
  const std::string* amz_date = find_header(request.headers, "x-amz-date");
  const std::string* payload =
      payload_override ? payload_override : find_header(request.headers, "x-amz-content-sha256");
  if (credential.empty() || names.empty() || signature.empty() || amz_date == nullptr) {
    return s3_error(400, "AuthorizationHeaderMalformed",
                    "The authorization header is malformed; Credential, SignedHeaders, "
                    "Signature and x-amz-date are required.");
  }
  if (payload == nullptr) {
    return s3_error(400, "InvalidRequest", "Missing required header for this request: "
                                           "x-amz-content-sha256");
  }
  auto signed_at = parse_amz_date(*amz_date);
  if (!signed_at) return denied("AccessDenied", "X-Amz-Date is not a valid timestamp.");
  if (auto skew = check_skew(*signed_at, now); !skew.ok()) return skew.error();
  auto checked = check_signature(request, request.query, credential, *amz_date, names, *payload,
                                 signature, service, now);
  if (!checked.ok()) return checked.error();
  return Verified{*payload};
}

Result<Verified> Authenticator::verify_presigned(const SignedRequest& request,
                                                 Clock::time_point now) {
  const std::string* algorithm = find_param(request.query, "X-Amz-Algorithm");
  const std::string* credential = find_param(request.query, "X-Amz-Credential");
  const std::string* amz_date = find_param(request.query, "X-Amz-Date");
  const std::string* expires = find_param(request.query, "X-Amz-Expires");
  const std::string* names = find_param(request.query, "X-Amz-SignedHeaders");
  const std::string* signature = find_param(request.query, "X-Amz-Signature");
  if (!algorithm || *algorithm != sigv4::kAlgorithm || !credential || !amz_date || !expires ||
      !names) {
    return s3_error(400, "AuthorizationQueryParametersError",
                    "Query-string authentication requires the X-Amz-Algorithm, "
                    "X-Amz-Credential, X-Amz-Date, X-Amz-Expires, X-Amz-SignedHeaders and "
                    "X-Amz-Signature parameters.");
  }
  auto signed_at = parse_amz_date(*amz_date);
  char* end = nullptr;
  const long seconds = strtol(expires->c_str(), &end, 10);
  if (!signed_at || end == expires->c_str() || *end != '\0' || seconds < 1 || seconds > 604800) {
    return s3_error(400, "AuthorizationQueryParametersError",
                    "X-Amz-Date must be a timestamp and X-Amz-Expires 1 to 604800 seconds.");
  }
  if (*signed_at > now + kMaxSkew) {
    return denied("AccessDenied", "Request is not valid yet");
  }
  if (now > *signed_at + std::chrono::seconds(seconds)) {
    return denied("AccessDenied", "Request has expired");
  }
  sigv4::NameValues query;
  for (const auto& param : request.query) {
    if (param.first != "X-Amz-Signature") query.push_back(param);
  }
  const std::string* header_payload = find_header(request.headers, "x-amz-content-sha256");
  const std::string payload =
      header_payload ? *header_payload : std::string(sigv4::UNSIGNED_PAYLOAD);
  auto checked = check_signature(request, query, *credential, *amz_date, *names, payload,
                                 *signature, "s3", now);
  if (!checked.ok()) return checked.error();
  return Verified{payload};
}

Status Authenticator::check_signature(const SignedRequest& request,
                                      const sigv4::NameValues& query,
                                      const std::string& credential, const std::string& amz_date,
                                      const std::string& signed_header_names,
                                      const std::string& payload_hash,
                                      const std::string& signature, std::string_view service,
                                      Clock::time_point now) {
  // <key id>/<date>/<region>/<service>/aws4_request
  std::string_view rest = credential;
  std::string_view parts[5];
  for (int i = 0; i < 4; ++i) {
    const size_t slash = rest.find('/');
    if (slash == std::string_view::npos) {
      return s3_error(400, "AuthorizationHeaderMalformed", "The credential is malformed.");
    }
    parts[i] = rest.substr(0, slash);
    rest = rest.substr(slash + 1);
  }
  parts[4] = rest;
  auto signer = credentials_for(request, parts[0], now);
  if (!signer.ok()) return signer.error();
  if (parts[1] != std::string_view(amz_date).substr(0, 8) || parts[3] != service ||
      parts[4] != "aws4_request") {
    return s3_error(400, "AuthorizationHeaderMalformed",
                    "The credential scope must be <date>/<region>/" + std::string(service) +
                        "/aws4_request for the request's date.");
  }
  if (parts[2] != region_) {
    return s3_error(400, "AuthorizationHeaderMalformed",
                    "The authorization header is malformed; the region '" +
                        std::string(parts[2]) + "' is wrong; expecting '" + region_ + "'");
  }

  sigv4::Request canonical;
  canonical.method = request.method;
  canonical.path = request.raw_path;
  canonical.query = query;
  canonical.payload_hash = payload_hash;
  std::string_view names = signed_header_names;
  while (!names.empty()) {
    const size_t semi = names.find(';');
    const std::string name(names.substr(0, semi));
    names = semi == std::string_view::npos ? std::string_view() : names.substr(semi + 1);
    bool found = false;
    for (const auto& header : request.headers) {
      if (header.first == name) {
        canonical.headers.push_back(header);
        found = true;
      }
    }
    if (!found) {
      return denied("SignatureDoesNotMatch", "Signed header '" + name + "' is missing.");
    }
  }
  if (sigv4::signed_headers(canonical) != signed_header_names) {
    return denied("SignatureDoesNotMatch",
                  "SignedHeaders must be sorted, lowercase and signable.");
  }
  sigv4::SigningOptions options;
  options.path_is_encoded = true;
  options.content_sha256_header = false;
  // Services other than S3 sign the normalised path, encoded once more.
  options.normalize_path = service != "s3";
  options.double_encode_path = service != "s3";
  const std::string canonical_text = sigv4::canonical_request(canonical, options);
  const sigv4::Scope scope{region_, std::string(service)};
  const std::string date(parts[1]);
  const std::string to_sign =
      sigv4::string_to_sign(amz_date, sigv4::credential_scope(date, scope), canonical_text);
  const sigv4::SigningKey key = sigv4::signing_key(*signer, date, scope, &keys_);
  if (!constant_time_equal(sigv4::signature(key, to_sign), signature)) {
    return denied("SignatureDoesNotMatch",
                  "The request signature we calculated does not match the signature you "
                  "provided. Check your key and signing method.");
  }
  return ok_status();
}

Result<sigv4::Credentials> Authenticator::credentials_for(const SignedRequest& request,
                                                         std::string_view key_id,
                                                         Clock::time_point now) const {
  if (key_id == credentials_.access_key_id) return credentials_;
  auto temporary = issued_.find(std::string(key_id));
  if (!temporary) {
    return denied("InvalidAccessKeyId",
                  "The AWS Access Key Id you provided does not exist in our records.");
  }
  const std::string* token = find_header(request.headers, "x-amz-security-token");
  if (token == nullptr) token = find_param(request.query, "X-Amz-Security-Token");
  if (token == nullptr || !constant_time_equal(*token, temporary->credentials.session_token)) {
    return denied("InvalidToken", "The provided token is malformed or otherwise invalid.");
  }
  if (now >= temporary->expiration) {
    return s3_error(400, "ExpiredToken", "The provided token has expired.");
  }
  return temporary->credentials;
}

}  // namespace hoist::serve

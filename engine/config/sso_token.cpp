#include "engine/config/sso_token.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <nlohmann/json.hpp>

#include "engine/config/credentials_json.h"
#include "engine/config/iso8601_time.h"
#include "engine/config/text.h"

namespace hoist::config {
namespace {

using Clock = std::chrono::system_clock;

std::string hex(const unsigned char* bytes, size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < size; ++i) {
    out += kDigits[bytes[i] >> 4];
    out += kDigits[bytes[i] & 0xf];
  }
  return out;
}

// aws-cli v1 wrote "2019-11-14T04:05:45UTC"; later versions write "...Z".
std::optional<Clock::time_point> parse_cache_time(std::string text) {
  if (text.size() > 3 && text.compare(text.size() - 3, 3, "UTC") == 0)
    text.replace(text.size() - 3, 3, "Z");
  return parse_iso8601_time(text);
}

std::string format_cache_time(Clock::time_point time) {
  std::time_t seconds = Clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

std::string string_field(const nlohmann::json& document, const char* name) {
  auto it = document.find(name);
  return it != document.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::string sso_cache_key(std::string_view session_name_or_start_url) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(session_name_or_start_url.data(), session_name_or_start_url.size(), digest, &size,
             EVP_sha1(), nullptr);
  return hex(digest, size);
}

std::string sso_cache_path(std::string_view home, std::string_view session_name_or_start_url) {
  return std::string(home) + "/.aws/sso/cache/" + sso_cache_key(session_name_or_start_url) +
         ".json";
}

Result<SsoToken> read_sso_token(const std::string& path) {
  Result<std::string> text = read_text_file(path);
  if (!text.ok()) return text.error();
  std::string what = "SSO token cache " + path;
  Result<nlohmann::json> document = parse_json_object(text.value(), what);
  if (!document.ok()) return document.error();
  const nlohmann::json& json = document.value();

  SsoToken token;
  token.document = std::move(text).value();
  token.access_token = string_field(json, "accessToken");
  if (token.access_token.empty()) return failed(what + ": accessToken is missing");
  std::optional<Clock::time_point> expires_at = parse_cache_time(string_field(json, "expiresAt"));
  if (!expires_at) return failed(what + ": expiresAt is missing or not an ISO 8601 time");
  token.expires_at = *expires_at;
  token.refresh_token = string_field(json, "refreshToken");
  token.client_id = string_field(json, "clientId");
  token.client_secret = string_field(json, "clientSecret");
  token.registration_expires_at = parse_cache_time(string_field(json, "registrationExpiresAt"));
  return token;
}

std::optional<Error> write_sso_token(const std::string& path, const SsoToken& token) {
  nlohmann::json json = nlohmann::json::parse(token.document, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) json = nlohmann::json::object();
  json["accessToken"] = token.access_token;
  json["expiresAt"] = format_cache_time(token.expires_at);
  if (!token.refresh_token.empty()) json["refreshToken"] = token.refresh_token;
  std::string text = json.dump();

  std::string temporary = path + ".tmp-" + std::to_string(::getpid());
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    return failed("cannot write the SSO token cache " + temporary + ": " + std::strerror(errno));
  size_t written = 0;
  while (written < text.size()) {
    ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    written += static_cast<size_t>(n);
  }
  bool ok = written == text.size() && ::fsync(fd) == 0;
  ok = ::close(fd) == 0 && ok;
  if (!ok || ::rename(temporary.c_str(), path.c_str()) != 0) {
    std::string why = std::strerror(errno);
    ::unlink(temporary.c_str());
    return failed("cannot write the SSO token cache " + path + ": " + why);
  }
  return std::nullopt;
}

bool sso_token_needs_refresh(const SsoToken& token, Clock::time_point now) {
  return now + kSsoTokenRefreshWindow >= token.expires_at;
}

bool sso_token_refreshable(const SsoToken& token, Clock::time_point now) {
  return !token.refresh_token.empty() && !token.client_id.empty() && !token.client_secret.empty() &&
         token.registration_expires_at && now < *token.registration_expires_at;
}

Result<SsoToken> refresh_sso_token(const SsoToken& token, const std::string& oidc_url,
                                   const ServiceTimeouts& timeouts, Clock::time_point now) {
  nlohmann::json request_body = {{"grantType", "refresh_token"},
                                 {"clientId", token.client_id},
                                 {"clientSecret", token.client_secret},
                                 {"refreshToken", token.refresh_token}};
  std::string body = request_body.dump();
  std::string url = oidc_url;
  while (!url.empty() && url.back() == '/') url.pop_back();
  url += "/token";
  http::Request request;
  request.method = "POST";
  request.url = url;
  request.body = body;
  request.headers.emplace_back("Content-Type", "application/json");
  http::Outcome outcome = send_service_request(std::move(request), timeouts);
  std::string what = "SSO OIDC CreateToken at " + url;
  if (outcome.error) return failed(describe_failure(url, outcome));
  if (outcome.response.status != 200) {
    // {"error": "invalid_grant", "error_description": "..."}: the code is safe to show; the
    // description could echo what was sent, so it is left out.
    nlohmann::json error = nlohmann::json::parse(outcome.response.body, nullptr, false);
    std::string code = error.is_object() ? string_field(error, "error") : std::string();
    return failed(what + ": HTTP " + std::to_string(outcome.response.status) +
                  (code.empty() ? std::string() : " " + code));
  }
  Result<nlohmann::json> document = parse_json_object(outcome.response.body, what);
  if (!document.ok()) return document.error();
  const nlohmann::json& json = document.value();
  SsoToken refreshed = token;
  refreshed.access_token = string_field(json, "accessToken");
  auto expires_in = json.find("expiresIn");
  if (refreshed.access_token.empty() || expires_in == json.end() ||
      !expires_in->is_number_integer()) {
    return failed(what + ": the response lacks accessToken or expiresIn");
  }
  refreshed.expires_at = now + std::chrono::seconds(expires_in->get<int64_t>());
  if (std::string rotated = string_field(json, "refreshToken"); !rotated.empty())
    refreshed.refresh_token = rotated;
  return refreshed;
}

}  // namespace hoist::config

#include "tools/serve/sso_operations.h"

#include <nlohmann/json.hpp>

#include "tools/serve/request_target.h"
#include "tools/serve/store_random_id.h"

namespace hoist::serve {
namespace {

HttpResponse json_response(int status, const nlohmann::json& body) {
  HttpResponse response;
  response.status = status;
  response.add("Content-Type", "application/json");
  response.body = body.dump();
  return response;
}

// The portal's errors: {"message": ...} with the type in a header, as AWS's REST-JSON services.
HttpResponse portal_error(int status, const std::string& type, const std::string& message) {
  HttpResponse response = json_response(status, {{"message", message}});
  response.add("x-amzn-ErrorType", type);
  return response;
}

// OIDC's errors follow OAuth 2.0: {"error": ..., "error_description": ...}.
HttpResponse oidc_error(int status, const std::string& error, const std::string& description) {
  HttpResponse response =
      json_response(status, {{"error", error}, {"error_description", description}});
  response.add("x-amzn-ErrorType",
               error == "invalid_grant" ? "InvalidGrantException" : "InvalidRequestException");
  return response;
}

std::string string_member(const nlohmann::json& json, const char* name) {
  auto it = json.find(name);
  return it != json.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

SsoService::SsoService(std::vector<std::string> access_tokens, IssuedCredentials& issued)
    : issued_(issued), access_tokens_(access_tokens.begin(), access_tokens.end()) {}

bool SsoService::is_get_role_credentials(const Exchange& exchange) {
  return exchange.method == "GET" && exchange.target.raw_path == "/federation/credentials" &&
         exchange.header("x-amz-sso_bearer_token") != nullptr;
}

bool SsoService::is_create_token(const Exchange& exchange) {
  const std::string* type = exchange.header("content-type");
  return exchange.method == "POST" && exchange.target.raw_path == "/token" &&
         exchange.target.query.empty() && type != nullptr &&
         type->rfind("application/json", 0) == 0;
}

bool SsoService::knows(const std::string& access_token) const {
  base::MutexLock lock(mutex_);
  return access_tokens_.count(access_token) != 0;
}

HttpResponse SsoService::get_role_credentials(const Exchange& exchange,
                                              std::chrono::system_clock::time_point now) {
  const std::string* role = exchange.param("role_name");
  const std::string* account = exchange.param("account_id");
  if (role == nullptr || role->empty() || account == nullptr || account->empty()) {
    return portal_error(400, "InvalidRequestException", "role_name and account_id are required.");
  }
  if (!knows(*exchange.header("x-amz-sso_bearer_token"))) {
    return portal_error(401, "UnauthorizedException", "Session token not found or invalid");
  }
  IssuedCredentials::Temporary temporary = issued_.issue(std::nullopt, now);
  int64_t expiration_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(temporary.expiration.time_since_epoch())
          .count();
  return json_response(200, {{"roleCredentials",
                              {{"accessKeyId", temporary.credentials.access_key_id},
                               {"secretAccessKey", temporary.credentials.secret_access_key},
                               {"sessionToken", temporary.credentials.session_token},
                               {"expiration", expiration_ms}}}});
}

HttpResponse SsoService::create_token(const Exchange& exchange) {
  nlohmann::json request =
      nlohmann::json::parse(exchange.buffered, nullptr, /*allow_exceptions=*/false);
  if (!request.is_object())
    return oidc_error(400, "invalid_request", "The body is not a JSON object.");
  if (string_member(request, "grantType") != "refresh_token") {
    return oidc_error(400, "unsupported_grant_type",
                      "hoist serve supports grantType refresh_token only.");
  }
  if (string_member(request, "clientId").empty() ||
      string_member(request, "clientSecret").empty()) {
    return oidc_error(401, "invalid_client", "clientId and clientSecret are required.");
  }
  if (string_member(request, "refreshToken").empty()) {
    return oidc_error(400, "invalid_grant", "refreshToken is required.");
  }
  std::string access_token = "hoist-sso-access-" + random_hex_id(24);
  {
    base::MutexLock lock(mutex_);
    access_tokens_.insert(access_token);
  }
  return json_response(200, {{"accessToken", access_token},
                             {"tokenType", "Bearer"},
                             {"expiresIn", kAccessTokenLifetime.count()},
                             {"refreshToken", "hoist-sso-refresh-" + random_hex_id(24)}});
}

}  // namespace hoist::serve

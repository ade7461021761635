#include "engine/config/credentials_json.h"

#include <nlohmann/json.hpp>

#include "engine/config/iso8601_time.h"

namespace hoist::config {
namespace {

// The string member `name`: nullopt when absent or null, failed when of another type.
Result<std::optional<std::string>> string_member(const nlohmann::json& document, std::string_view name,
                                                 std::string_view what) {
  auto it = document.find(name);
  if (it == document.end() || it->is_null()) return std::optional<std::string>();
  if (!it->is_string()) {
    return failed(std::string(what) + ": " + std::string(name) + " is not a string");
  }
  return std::optional<std::string>(it->get<std::string>());
}

Result<std::string> required_string(const nlohmann::json& document, std::string_view name,
                                    std::string_view what) {
  Result<std::optional<std::string>> value = string_member(document, name, what);
  if (!value.ok()) return value.error();
  if (!value.value() || value.value()->empty()) {
    return failed(std::string(what) + ": " + std::string(name) + " is missing");
  }
  return std::move(*value.value());
}

}  // namespace

Result<nlohmann::json> parse_json_object(std::string_view body, std::string_view what) {
  nlohmann::json document = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) return failed(std::string(what) + ": not valid JSON");
  if (!document.is_object()) return failed(std::string(what) + ": not a JSON object");
  return document;
}

Result<Credentials> credentials_from_json(const nlohmann::json& document, std::string_view token_field,
                                          std::string_view what, std::string_view source) {
  Credentials credentials;
  credentials.source = std::string(source);
  Result<std::string> access_key_id = required_string(document, "AccessKeyId", what);
  if (!access_key_id.ok()) return access_key_id.error();
  credentials.access_key_id = std::move(access_key_id).value();
  Result<std::string> secret = required_string(document, "SecretAccessKey", what);
  if (!secret.ok()) return secret.error();
  credentials.secret_access_key = std::move(secret).value();

  Result<std::optional<std::string>> token = string_member(document, token_field, what);
  if (!token.ok()) return token.error();
  credentials.session_token = token.value().value_or(std::string());

  Result<std::optional<std::string>> expiration = string_member(document, "Expiration", what);
  if (!expiration.ok()) return expiration.error();
  if (expiration.value()) {
    credentials.expiration = parse_iso8601_time(*expiration.value());
    if (!credentials.expiration) {
      return failed(std::string(what) + ": Expiration is not an ISO 8601 time");
    }
  }
  return credentials;
}

}  // namespace hoist::config

#include "tools/serve/sts_operations.h"

#include <charconv>
#include <optional>
#include <string>

#include "sigv4/sha256.h"
#include "tools/serve/request_target.h"
#include "tools/serve/xml_text.h"

namespace hoist::serve {
namespace {

constexpr std::string_view kStsNamespace = "https://sts.amazonaws.com/doc/2011-06-15/";
constexpr std::chrono::seconds kMinDuration{900};
constexpr std::chrono::seconds kMaxDuration{43200};

struct StsError {
  int status;
  std::string code;
  std::string message;
};

HttpResponse sts_error_response(const StsError& error, const std::string& request_id) {
  HttpResponse response;
  response.status = error.status;
  response.add("Content-Type", "text/xml");
  std::string& body = response.body;
  body.append(kXmlDeclaration);
  body += "<ErrorResponse xmlns=\"" + std::string(kStsNamespace) + "\"><Error>";
  append_element(&body, "Type", error.status >= 500 ? "Receiver" : "Sender");
  append_element(&body, "Code", error.code);
  append_element(&body, "Message", error.message);
  body += "</Error>";
  append_element(&body, "RequestId", request_id);
  body += "</ErrorResponse>";
  return response;
}

// The form fields of `body` ("a=1&b=x%20y"), decoded; nullopt on a malformed escape.
std::optional<sigv4::NameValues> parse_form(std::string_view body) {
  sigv4::NameValues fields;
  while (!body.empty()) {
    size_t amp = body.find('&');
    std::string_view field = body.substr(0, amp);
    body.remove_prefix(amp == std::string_view::npos ? body.size() : amp + 1);
    if (field.empty()) continue;
    size_t eq = field.find('=');
    auto name = percent_decode(field.substr(0, eq), true);
    auto value = percent_decode(eq == std::string_view::npos ? "" : field.substr(eq + 1), true);
    if (!name || !value) return std::nullopt;
    fields.emplace_back(std::move(*name), std::move(*value));
  }
  return fields;
}

bool valid_session_name(const std::string& name) {
  if (name.size() < 2 || name.size() > 64) return false;
  for (char c : name) {
    bool word =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!word && std::string_view("+=,.@-").find(c) == std::string_view::npos) return false;
  }
  return true;
}

// "arn:aws:iam::<account>:role/<name>" -> "arn:aws:sts::<account>:assumed-role/<name>/<session>".
std::string assumed_role_arn(const std::string& role_arn, const std::string& session) {
  size_t role = role_arn.find(":role/");
  size_t iam = role_arn.find(":iam:");
  if (role == std::string::npos || iam == std::string::npos) return role_arn + "/" + session;
  return role_arn.substr(0, iam) + ":sts:" + role_arn.substr(iam + 5, role - iam - 5) +
         ":assumed-role/" + role_arn.substr(role + 6) + "/" + session;
}

HttpResponse success(const std::string& action, const IssuedCredentials::Temporary& temporary,
                     const std::string& role_arn, const std::string& session,
                     const std::string& request_id) {
  HttpResponse response;
  response.add("Content-Type", "text/xml");
  std::string& body = response.body;
  body.append(kXmlDeclaration);
  body +=
      "<" + action + "Response xmlns=\"" + std::string(kStsNamespace) + "\"><" + action + "Result>";
  body += "<Credentials>";
  append_element(&body, "AccessKeyId", temporary.credentials.access_key_id);
  append_element(&body, "SecretAccessKey", temporary.credentials.secret_access_key);
  append_element(&body, "SessionToken", temporary.credentials.session_token);
  append_element(&body, "Expiration",
                 iso8601_time(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                  temporary.expiration.time_since_epoch())
                                  .count()));
  body += "</Credentials><AssumedRoleUser>";
  append_element(&body, "AssumedRoleId", "AROAHOISTSERVE:" + session);
  append_element(&body, "Arn", assumed_role_arn(role_arn, session));
  body += "</AssumedRoleUser></" + action + "Result><ResponseMetadata>";
  append_element(&body, "RequestId", request_id);
  body += "</ResponseMetadata></" + action + "Response>";
  return response;
}

}  // namespace

bool is_sts_request(const Exchange& exchange) {
  const std::string* type = exchange.header("content-type");
  return exchange.method == "POST" && exchange.target.raw_path == "/" &&
         exchange.target.query.empty() && type != nullptr &&
         type->rfind("application/x-www-form-urlencoded", 0) == 0;
}

HttpResponse sts_action(const Exchange& exchange, Authenticator& authenticator,
                        IssuedCredentials& issued, std::chrono::system_clock::time_point now) {
  const std::string& id = exchange.request_id;
  auto form = parse_form(exchange.buffered);
  if (!form)
    return sts_error_response({400, "MalformedQueryString", "The form body is not URL-encoded."},
                              id);
  auto field = [&form](std::string_view name) {
    const std::string* value = find_param(*form, name);
    return value ? *value : std::string();
  };
  const std::string action = field("Action");
  if (action != "AssumeRole" && action != "AssumeRoleWithWebIdentity") {
    return sts_error_response(
        {400, "InvalidAction", "hoist serve does not implement STS action '" + action + "'."}, id);
  }
  if (field("Version") != "2011-06-15") {
    return sts_error_response({400, "InvalidParameterValue", "Version must be 2011-06-15."}, id);
  }

  if (action == "AssumeRole") {
    SignedRequest signed_request{exchange.method, exchange.target.raw_path, exchange.target.query,
                                 exchange.headers};
    Status verified = authenticator.verify_service(signed_request, "sts",
                                                   sigv4::hex_sha256(exchange.buffered), now);
    if (!verified.ok()) {
      const Error& error = verified.error();
      return sts_error_response(
          {error.http_status > 0 ? error.http_status : 403, error.code, error.message}, id);
    }
  } else if (field("WebIdentityToken").empty()) {
    return sts_error_response({400, "ValidationError", "WebIdentityToken is required."}, id);
  }

  const std::string role_arn = field("RoleArn");
  const std::string session = field("RoleSessionName");
  if (role_arn.size() < 20) {
    return sts_error_response(
        {400, "ValidationError", "RoleArn must be an IAM role ARN of at least 20 characters."}, id);
  }
  if (!valid_session_name(session)) {
    return sts_error_response(
        {400, "ValidationError", "RoleSessionName must be 2 to 64 characters of [\\w+=,.@-]."}, id);
  }
  std::optional<std::chrono::seconds> duration;
  if (std::string text = field("DurationSeconds"); !text.empty()) {
    long seconds = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (ec != std::errc() || end != text.data() + text.size() ||
        std::chrono::seconds(seconds) < kMinDuration ||
        std::chrono::seconds(seconds) > kMaxDuration) {
      return sts_error_response({400, "ValidationError", "DurationSeconds must be 900 to 43200."},
                                id);
    }
    duration = std::chrono::seconds(seconds);
  }
  return success(action, issued.issue(duration, now), role_arn, session, id);
}

}  // namespace hoist::serve

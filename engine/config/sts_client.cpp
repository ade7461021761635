#include "engine/config/sts_client.h"

#include <pugixml.hpp>
#include <utility>

#include "engine/config/endpoint_url.h"
#include "engine/config/iso8601_time.h"
#include "engine/config/text.h"
#include "sigv4/sha256.h"
#include "sigv4/signer.h"
#include "sigv4/uri_encode.h"

namespace hoist::config {
namespace {

constexpr std::string_view kFormType = "application/x-www-form-urlencoded; charset=utf-8";

// "scheme://authority/path" split into the authority (the Host header) and the path.
struct UrlParts {
  std::string authority;
  std::string path;
};

UrlParts split_url(std::string_view url) {
  size_t scheme_end = url.find("://");
  std::string_view rest = scheme_end == std::string_view::npos ? url : url.substr(scheme_end + 3);
  size_t slash = rest.find('/');
  UrlParts parts{std::string(rest.substr(0, slash)), "/"};
  if (slash != std::string_view::npos) parts.path = std::string(rest.substr(slash));
  return parts;
}

void add_form_field(std::string* body, std::string_view name, std::string_view value) {
  if (!body->empty()) *body += '&';
  sigv4::append_uri_encoded(body, name, true);
  *body += '=';
  sigv4::append_uri_encoded(body, value, true);
}

std::string form_body(std::string_view action, const AssumeRoleParameters& parameters,
                      const std::string* web_identity_token) {
  std::string body;
  add_form_field(&body, "Action", action);
  add_form_field(&body, "Version", "2011-06-15");
  add_form_field(&body, "RoleArn", parameters.role_arn);
  add_form_field(&body, "RoleSessionName",
                 parameters.role_session_name.empty()
                     ? default_role_session_name(std::chrono::system_clock::now())
                     : parameters.role_session_name);
  if (parameters.duration_seconds) {
    add_form_field(&body, "DurationSeconds", std::to_string(*parameters.duration_seconds));
  }
  if (!parameters.external_id.empty()) add_form_field(&body, "ExternalId", parameters.external_id);
  if (web_identity_token != nullptr) add_form_field(&body, "WebIdentityToken", *web_identity_token);
  return body;
}

// `text` with every occurrence of `secret` replaced, for messages a server may have built
// from the request (an identity provider's complaint about a token could quote it).
std::string scrub(std::string text, std::string_view secret) {
  if (secret.empty()) return text;
  for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at)) {
    text.replace(at, secret.size(), "<redacted>");
  }
  return text;
}

std::string element_text(const pugi::xml_node& node, const char* name) {
  return std::string(trim(node.child(name).text().as_string()));
}

}  // namespace

Result<StsEndpoint> resolve_sts_endpoint(const Environment& env, const SharedConfig& shared,
                                         const std::string& region) {
  Result<std::optional<Setting>> configured = configured_service_endpoint("sts", env, shared);
  if (!configured.ok()) return configured.error();
  if (configured.value()) {
    return StsEndpoint{configured.value()->value, configured.value()->source, region};
  }
  // The China partition has a domain of its own.
  std::string domain = region.rfind("cn-", 0) == 0 ? ".amazonaws.com.cn" : ".amazonaws.com";
  return StsEndpoint{"https://sts." + region + domain, "the regional STS endpoint", region};
}

std::string default_role_session_name(std::chrono::system_clock::time_point now) {
  return "hoist-session-" +
         std::to_string(
             std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
}

Result<Credentials> StsClient::assume_role(const sigv4::Credentials& caller,
                                           const AssumeRoleParameters& parameters,
                                           std::string_view source) const {
  return call("AssumeRole", form_body("AssumeRole", parameters, nullptr), &caller, parameters,
              source, {});
}

Result<Credentials> StsClient::assume_role_with_web_identity(const std::string& web_identity_token,
                                                             const AssumeRoleParameters& parameters,
                                                             std::string_view source) const {
  return call("AssumeRoleWithWebIdentity",
              form_body("AssumeRoleWithWebIdentity", parameters, &web_identity_token), nullptr,
              parameters, source, web_identity_token);
}

Result<Credentials> StsClient::call(std::string_view action, const std::string& body,
                                    const sigv4::Credentials* caller,
                                    const AssumeRoleParameters& parameters, std::string_view source,
                                    std::string_view secret_to_scrub) const {
  const std::string& url = options_.endpoint.url;
  UrlParts parts = split_url(url);
  http::Request request;
  request.method = "POST";
  request.url = url;
  request.body = body;
  if (caller != nullptr) {
    sigv4::Request signable;
    signable.method = "POST";
    signable.path = parts.path;
    signable.headers = {{"host", parts.authority}, {"content-type", std::string(kFormType)}};
    signable.payload_hash = sigv4::hex_sha256(body);
    sigv4::SigningOptions signing;
    // STS is not S3: it signs the normalised, doubly encoded path like every other service.
    signing.normalize_path = true;
    signing.double_encode_path = true;
    sigv4::sign(signable, *caller, sigv4::Scope{options_.endpoint.region, "sts"},
                std::chrono::system_clock::now(), nullptr, signing);
    for (auto& header : signable.headers) {
      // curl adds Host itself; a second one would be wrong.
      if (header.first != "host")
        request.headers.emplace_back(std::move(header.first), std::move(header.second));
    }
  } else {
    request.headers.emplace_back("Content-Type", std::string(kFormType));
  }
  request.headers.emplace_back("Accept", "text/xml");

  std::string what =
      std::string(action) + " of " + parameters.role_arn + " at " + options_.endpoint.url;
  http::Outcome outcome = send_service_request(std::move(request), options_.timeouts);
  if (outcome.error) return failed(what + ": " + describe_failure(url, outcome));
  if (outcome.response.status != 200) {
    std::optional<std::string> error = parse_sts_error(outcome.response.body);
    return failed(what + ": " +
                  (error ? scrub(*error, secret_to_scrub) : describe_failure(url, outcome)));
  }
  return parse_sts_credentials(outcome.response.body, action, what, source);
}

Result<Credentials> parse_sts_credentials(std::string_view body, std::string_view action,
                                          std::string_view what, std::string_view source) {
  pugi::xml_document document;
  if (!document.load_buffer(body.data(), body.size())) {
    return failed(std::string(what) + ": the response is not XML");
  }
  std::string response = std::string(action) + "Response";
  std::string result = std::string(action) + "Result";
  pugi::xml_node node = document.child(response.c_str()).child(result.c_str()).child("Credentials");
  if (!node) {
    return failed(std::string(what) + ": the response has no " + response + "/" + result +
                  "/Credentials");
  }
  Credentials credentials;
  credentials.source = std::string(source);
  credentials.access_key_id = element_text(node, "AccessKeyId");
  credentials.secret_access_key = element_text(node, "SecretAccessKey");
  credentials.session_token = element_text(node, "SessionToken");
  for (auto [name, value] :
       {std::pair<const char*, const std::string*>{"AccessKeyId", &credentials.access_key_id},
        {"SecretAccessKey", &credentials.secret_access_key},
        {"SessionToken", &credentials.session_token}}) {
    if (value->empty()) return failed(std::string(what) + ": Credentials/" + name + " is missing");
  }
  credentials.expiration = parse_iso8601_time(element_text(node, "Expiration"));
  if (!credentials.expiration) {
    return failed(std::string(what) + ": Credentials/Expiration is not an ISO 8601 time");
  }
  return credentials;
}

std::optional<std::string> parse_sts_error(std::string_view body) {
  pugi::xml_document document;
  if (!document.load_buffer(body.data(), body.size())) return std::nullopt;
  pugi::xml_node error = document.child("ErrorResponse").child("Error");
  if (!error) return std::nullopt;
  std::string code = element_text(error, "Code");
  std::string message = element_text(error, "Message");
  if (code.empty()) return std::nullopt;
  return message.empty() ? code : code + ": " + message;
}

}  // namespace hoist::config

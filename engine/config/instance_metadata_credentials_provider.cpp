#include "engine/config/instance_metadata_credentials_provider.h"

#include <utility>

#include <nlohmann/json.hpp>

#include "engine/config/credentials_json.h"
#include "engine/config/text.h"

namespace hoist::config {
namespace {

constexpr std::string_view kRolesPath = "/latest/meta-data/iam/security-credentials/";

// The listing names one role per line; an instance profile holds exactly one.
std::string first_line(const std::string& text) {
  return std::string(trim(std::string_view(text).substr(0, text.find('\n'))));
}

}  // namespace

InstanceMetadataCredentialsProvider::InstanceMetadataCredentialsProvider(
    std::shared_ptr<InstanceMetadataClient> client)
    : client_(std::move(client)) {}

Result<Credentials> InstanceMetadataCredentialsProvider::fetch() {
  Result<std::string> roles = client_->get(kRolesPath);
  if (!roles.ok()) return roles.error();
  std::string role = first_line(roles.value());
  if (role.empty()) {
    return not_found("instance metadata: no IAM role attached to this instance");
  }
  Result<std::string> body = client_->get(std::string(kRolesPath) + role);
  if (!body.ok()) return body.error();

  std::string what = "instance metadata credentials for role '" + role + "'";
  Result<nlohmann::json> document = parse_json_object(body.value(), what);
  if (!document.ok()) return document.error();
  auto code = document->find("Code");
  if (code != document->end() && code->is_string() && code->get<std::string>() != "Success") {
    return failed(what + ": Code is '" + code->get<std::string>() + "'");
  }
  return credentials_from_json(document.value(), "Token", what, kSourceInstanceMetadata);
}

}  // namespace hoist::config

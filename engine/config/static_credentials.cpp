#include "engine/config/static_credentials.h"

namespace hoist::config {
namespace {

std::optional<std::string> non_empty(const std::string& value) {
  if (value.empty()) return std::nullopt;
  return value;
}

}  // namespace

Result<Credentials> static_credentials(const KeySettings& keys, const KeyNames& names,
                                       std::string_view where, std::string_view source) {
  std::string place(where);
  if (!keys.access_key_id && !keys.secret_access_key) {
    if (keys.session_token) {
      return failed(place + ": " + std::string(names.session_token) + " is set but " +
                    std::string(names.access_key_id) + " and " +
                    std::string(names.secret_access_key) + " are not");
    }
    return not_found(place + ": " + std::string(names.access_key_id) + " not set");
  }
  if (!keys.access_key_id || !keys.secret_access_key) {
    std::string_view present = keys.access_key_id ? names.access_key_id : names.secret_access_key;
    std::string_view missing = keys.access_key_id ? names.secret_access_key : names.access_key_id;
    return failed(place + ": " + std::string(present) + " is set but " + std::string(missing) +
                  " is not");
  }
  Credentials credentials;
  credentials.access_key_id = *keys.access_key_id;
  credentials.secret_access_key = *keys.secret_access_key;
  credentials.session_token = keys.session_token.value_or(std::string());
  credentials.source = std::string(source);
  return credentials;
}

Result<Credentials> explicit_credentials(const ExplicitOptions& options) {
  KeySettings keys{non_empty(options.access_key_id), non_empty(options.secret_access_key),
                   non_empty(options.session_token)};
  return static_credentials(keys, {"access key id", "secret access key", "session token"},
                            "explicit options", kSourceExplicit);
}

Result<Credentials> environment_credentials(const Environment& env) {
  KeySettings keys{env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY"),
                   env.get("AWS_SESSION_TOKEN")};
  return static_credentials(keys, {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"},
                            "environment", kSourceEnvironment);
}

Result<Credentials> profile_credentials(const SharedConfig& shared, ProfileFile file) {
  bool credentials_file = file == ProfileFile::kCredentials;
  const std::string& path = credentials_file ? shared.credentials_path() : shared.config_path();
  const IniSection* section =
      credentials_file ? shared.credentials_section() : shared.config_section();
  std::string where = "profile '" + shared.profile() + "' in " + (path.empty() ? "(no file)" : path);
  if (section == nullptr) return not_found(where + ": no such profile");
  auto non_empty_key = [section](std::string_view key) {
    std::optional<std::string> value = section->get(key);
    return value && !value->empty() ? value : std::nullopt;
  };
  KeySettings keys{non_empty_key("aws_access_key_id"), non_empty_key("aws_secret_access_key"),
                   non_empty_key("aws_session_token")};
  return static_credentials(keys, {"aws_access_key_id", "aws_secret_access_key", "aws_session_token"},
                            where, credentials_file ? kSourceSharedCredentialsFile : kSourceConfigFile);
}

}  // namespace hoist::config

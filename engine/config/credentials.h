// The AWS credentials a request is signed with, and where they came from. Produced by the
// providers in this directory; read by whatever signs requests.
//
// On purpose there is no operator<< and no to_string: nothing should ever print a secret key
// or session token, and the easiest way to keep that true is to offer no way to format one.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace hoist::config {

// Values of Credentials::source, one per provider: `--debug` shows which one supplied the
// keys so a user can tell why a request ran as the identity it did.
inline constexpr std::string_view kSourceExplicit = "explicit";
inline constexpr std::string_view kSourceEnvironment = "environment";
inline constexpr std::string_view kSourceSharedCredentialsFile = "shared-credentials-file";
inline constexpr std::string_view kSourceConfigFile = "config-file";
inline constexpr std::string_view kSourceCredentialProcess = "credential-process";
inline constexpr std::string_view kSourceContainer = "container";
inline constexpr std::string_view kSourceInstanceMetadata = "instance-metadata";

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty for long-term keys
  // When temporary credentials stop working; nullopt for keys that do not expire.
  std::optional<std::chrono::system_clock::time_point> expiration;
  std::string source;  // one of the kSource* values
};

}  // namespace hoist::config

// The AWS credentials a request is signed with, plus what the signer does not need: when
// they expire and where they came from. Produced by the providers in this directory; a
// Credentials is-a sigv4::Credentials, so it can be handed to the signer as it is.
//
// On purpose there is no operator<< and no to_string: nothing should ever print a secret key
// or session token, and the easiest way to keep that true is to offer no way to format one.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "sigv4/credentials.h"

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
inline constexpr std::string_view kSourceAssumeRole = "assume-role";
inline constexpr std::string_view kSourceWebIdentity = "web-identity";
inline constexpr std::string_view kSourceSso = "sso";

struct Credentials : sigv4::Credentials {
  // When temporary credentials stop working; nullopt for keys that do not expire.
  std::optional<std::chrono::system_clock::time_point> expiration;
  std::string source;  // one of the kSource* values
};

}  // namespace hoist::config

// Credentials from long-term keys written down somewhere: explicit options, the
// AWS_ACCESS_KEY_ID family of variables, and aws_access_key_id in a profile. These sources
// are read once, when the chain is built, and never change; one set of rules covers how
// each treats half-given keys.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/config/credentials.h"
#include "engine/config/credentials_provider.h"
#include "engine/config/environment.h"
#include "engine/config/explicit_options.h"
#include "engine/config/result.h"
#include "engine/config/shared_config.h"

namespace hoist::config {

struct KeySettings {
  std::optional<std::string> access_key_id;
  std::optional<std::string> secret_access_key;
  std::optional<std::string> session_token;
};

// How the three settings are spelled where they were found, for error messages.
struct KeyNames {
  std::string_view access_key_id;
  std::string_view secret_access_key;
  std::string_view session_token;
};

// Credentials from `keys`, labelled `source`. not_found when neither key is set; failed
// when only one of them is, or a session token comes without keys. `where` names the place
// ("environment", "profile 'dev' in /home/u/.aws/credentials") in both messages.
Result<Credentials> static_credentials(const KeySettings& keys, const KeyNames& names,
                                       std::string_view where, std::string_view source);

// The keys given in ExplicitOptions.
Result<Credentials> explicit_credentials(const ExplicitOptions& options);

// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN.
Result<Credentials> environment_credentials(const Environment& env);

// aws_access_key_id, aws_secret_access_key and aws_session_token in the selected profile of
// one of the two shared files.
enum class ProfileFile { kCredentials, kConfig };
Result<Credentials> profile_credentials(const SharedConfig& shared, ProfileFile file);

// A provider whose answer was decided when it was made.
class StaticCredentialsProvider final : public CredentialsProvider {
 public:
  explicit StaticCredentialsProvider(Result<Credentials> result) : result_(std::move(result)) {}
  Result<Credentials> fetch() override { return result_; }

 private:
  Result<Credentials> result_;
};

}  // namespace hoist::config

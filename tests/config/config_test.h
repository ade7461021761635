// Shared fixture for engine/config tests: an injected environment whose home directory is an
// empty temporary directory and in which the EC2 metadata service is disabled, so no test
// reads the real ~/.aws or AWS_* variables, or sends anything beyond 127.0.0.1. Tests that
// exercise the metadata service point AWS_EC2_METADATA_SERVICE_ENDPOINT at a
// LocalHttpResponder instead.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <string>
#include <string_view>

#include "engine/config/credentials.h"
#include "engine/config/map_environment.h"
#include "engine/config/result.h"
#include "engine/config/shared_config.h"
#include "tests/support/temp_directory.h"

namespace hoist::config {

class ConfigTest : public ::testing::Test {
 protected:
  ConfigTest() {
    env.set_home_directory(home.path());
    env.set("AWS_EC2_METADATA_DISABLED", "true");
  }

  std::string write_credentials_file(std::string_view text) { return home.write_file(".aws/credentials", text); }
  std::string write_config_file(std::string_view text) { return home.write_file(".aws/config", text); }

  // The shared files as `env` finds them; fails the test (and returns an empty config) when
  // they do not load.
  SharedConfig load_shared(std::string_view explicit_profile = {}) {
    Result<SharedConfig> shared = SharedConfig::load(env, explicit_profile);
    EXPECT_TRUE(shared.ok()) << shared.error().message;
    return shared.ok() ? std::move(shared).value() : SharedConfig(IniFile(), IniFile(), "");
  }

  test::TempDirectory home;
  MapEnvironment env;
};

// `time` as the services write it: 2024-05-01T12:00:00Z.
inline std::string iso8601(std::chrono::system_clock::time_point time) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

// A credentials document as the container agent and the metadata service send it.
inline std::string credentials_json(std::string_view key_id, std::chrono::system_clock::time_point expiration,
                                    std::string_view token_field = "Token") {
  return std::string("{\"AccessKeyId\":\"") + std::string(key_id) +
         "\",\"SecretAccessKey\":\"secret-" + std::string(key_id) + "\",\"" + std::string(token_field) +
         "\":\"token-" + std::string(key_id) + "\",\"Expiration\":\"" + iso8601(expiration) + "\"}";
}

// An STS answer to `action` (AssumeRole, AssumeRoleWithWebIdentity) with the credentials
// credentials_json(key_id, expiration) would describe.
inline std::string sts_credentials_xml(std::string_view action, std::string_view key_id,
                                       std::chrono::system_clock::time_point expiration) {
  std::string a(action), k(key_id);
  return "<" + a + "Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><" + a + "Result><Credentials>" +
         "<AccessKeyId>" + k + "</AccessKeyId><SecretAccessKey>secret-" + k + "</SecretAccessKey>" +
         "<SessionToken>token-" + k + "</SessionToken><Expiration>" + iso8601(expiration) +
         "</Expiration></Credentials></" + a + "Result></" + a + "Response>";
}

// Checks `result` against a document made by credentials_json(key_id, expiration).
inline void expect_credentials(const Result<Credentials>& result, std::string_view key_id,
                               std::chrono::system_clock::time_point expiration, std::string_view source) {
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->access_key_id, key_id);
  EXPECT_EQ(result->secret_access_key, "secret-" + std::string(key_id));
  EXPECT_EQ(result->session_token, "token-" + std::string(key_id));
  EXPECT_EQ(result->expiration, expiration);
  EXPECT_EQ(result->source, source);
}

// For EXPECT_* on a Result: prints the error message when it is unexpectedly not ok.
template <typename T>
::testing::AssertionResult is_ok(const Result<T>& result) {
  if (result.ok()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << result.error().message;
}

}  // namespace hoist::config

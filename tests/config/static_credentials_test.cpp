#include "engine/config/static_credentials.h"

#include <gtest/gtest.h>

#include "tests/config/config_test.h"

namespace hoist::config {
namespace {

using StaticCredentialsTest = ConfigTest;

TEST_F(StaticCredentialsTest, EnvironmentKeys) {
  env.set("AWS_ACCESS_KEY_ID", "AKIDENV");
  env.set("AWS_SECRET_ACCESS_KEY", "secret-env");
  Result<Credentials> credentials = environment_credentials(env);
  ASSERT_TRUE(is_ok(credentials));
  EXPECT_EQ(credentials->access_key_id, "AKIDENV");
  EXPECT_EQ(credentials->secret_access_key, "secret-env");
  EXPECT_EQ(credentials->session_token, "");
  EXPECT_EQ(credentials->expiration, std::nullopt);
  EXPECT_EQ(credentials->source, kSourceEnvironment);

  env.set("AWS_SESSION_TOKEN", "token-env");
  EXPECT_EQ(environment_credentials(env)->session_token, "token-env");
}

TEST_F(StaticCredentialsTest, EnvironmentWithoutKeysIsNotFound) {
  env.set("AWS_ACCESS_KEY_ID", "");  // empty counts as unset
  Result<Credentials> credentials = environment_credentials(env);
  ASSERT_FALSE(credentials.ok());
  EXPECT_TRUE(is_not_found(credentials.error()));
  EXPECT_EQ(credentials.error().message, "environment: AWS_ACCESS_KEY_ID not set");
}

TEST_F(StaticCredentialsTest, HalfGivenKeysFailWithoutQuotingThem) {
  env.set("AWS_ACCESS_KEY_ID", "AKIDENV");
  Result<Credentials> no_secret = environment_credentials(env);
  ASSERT_FALSE(no_secret.ok());
  EXPECT_FALSE(is_not_found(no_secret.error()));
  EXPECT_EQ(no_secret.error().message,
            "environment: AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");

  env.unset("AWS_ACCESS_KEY_ID");
  env.set("AWS_SECRET_ACCESS_KEY", "very-secret");
  Result<Credentials> no_id = environment_credentials(env);
  ASSERT_FALSE(no_id.ok());
  EXPECT_EQ(no_id.error().message,
            "environment: AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not");

  env.unset("AWS_SECRET_ACCESS_KEY");
  env.set("AWS_SESSION_TOKEN", "very-secret-token");
  Result<Credentials> token_only = environment_credentials(env);
  ASSERT_FALSE(token_only.ok());
  EXPECT_FALSE(is_not_found(token_only.error()));
  EXPECT_EQ(token_only.error().message.find("very-secret"), std::string::npos);
}

TEST_F(StaticCredentialsTest, ExplicitOptions) {
  ExplicitOptions options;
  EXPECT_TRUE(is_not_found(explicit_credentials(options).error()));
  options.access_key_id = "AKIDCLI";
  EXPECT_EQ(explicit_credentials(options).error().message,
            "explicit options: access key id is set but secret access key is not");
  options.secret_access_key = "secret-cli";
  options.session_token = "token-cli";
  Result<Credentials> credentials = explicit_credentials(options);
  ASSERT_TRUE(is_ok(credentials));
  EXPECT_EQ(credentials->access_key_id, "AKIDCLI");
  EXPECT_EQ(credentials->session_token, "token-cli");
  EXPECT_EQ(credentials->source, kSourceExplicit);
}

TEST_F(StaticCredentialsTest, ProfileKeysFromEachFile) {
  write_credentials_file(
      "[dev]\naws_access_key_id = AKIDCREDS\naws_secret_access_key = secret-creds\n"
      "aws_session_token = token-creds\n");
  write_config_file("[profile dev]\naws_access_key_id = AKIDCONF\naws_secret_access_key = secret-conf\n");
  SharedConfig dev = load_shared("dev");

  Result<Credentials> from_credentials = profile_credentials(dev, ProfileFile::kCredentials);
  ASSERT_TRUE(is_ok(from_credentials));
  EXPECT_EQ(from_credentials->access_key_id, "AKIDCREDS");
  EXPECT_EQ(from_credentials->session_token, "token-creds");
  EXPECT_EQ(from_credentials->source, kSourceSharedCredentialsFile);

  Result<Credentials> from_config = profile_credentials(dev, ProfileFile::kConfig);
  ASSERT_TRUE(is_ok(from_config));
  EXPECT_EQ(from_config->access_key_id, "AKIDCONF");
  EXPECT_EQ(from_config->source, kSourceConfigFile);
}

TEST_F(StaticCredentialsTest, ProfileWithoutKeysOrSectionIsNotFound) {
  std::string credentials = write_credentials_file("[other]\naws_access_key_id = A\naws_secret_access_key = B\n");
  std::string config = write_config_file("[default]\nregion = r\n");
  SharedConfig defaults = load_shared();
  Result<Credentials> no_section = profile_credentials(defaults, ProfileFile::kCredentials);
  ASSERT_FALSE(no_section.ok());
  EXPECT_TRUE(is_not_found(no_section.error()));
  EXPECT_EQ(no_section.error().message,
            "profile 'default' in " + credentials + ": no such profile");

  Result<Credentials> no_keys = profile_credentials(defaults, ProfileFile::kConfig);
  ASSERT_FALSE(no_keys.ok());
  EXPECT_TRUE(is_not_found(no_keys.error()));
  EXPECT_EQ(no_keys.error().message,
            "profile 'default' in " + config + ": aws_access_key_id not set");
}

TEST_F(StaticCredentialsTest, ProfileWithHalfTheKeysFailsNamingFile) {
  std::string credentials = write_credentials_file("[default]\naws_access_key_id = AKID\n");
  Result<Credentials> result = profile_credentials(load_shared(), ProfileFile::kCredentials);
  ASSERT_FALSE(result.ok());
  EXPECT_FALSE(is_not_found(result.error()));
  EXPECT_EQ(result.error().message,
            "profile 'default' in " + credentials +
                ": aws_access_key_id is set but aws_secret_access_key is not");
}

}  // namespace
}  // namespace hoist::config

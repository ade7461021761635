#include "engine/config/client_config.h"

#include <gtest/gtest.h>

#include "tests/config/config_test.h"
#include "tests/support/local_http_responder.h"

namespace hoist::config {
namespace {

using test::CannedResponse;

using ClientConfigTest = ConfigTest;

TEST_F(ClientConfigTest, ResolvesEverythingFromAProfile) {
  write_credentials_file("[minio]\naws_access_key_id = AKIDMINIO\naws_secret_access_key = s\n");
  std::string config = write_config_file(
      "[profile minio]\n"
      "region = eu-west-3\n"
      "endpoint_url = http://127.0.0.1:9000\n"
      "s3 =\n"
      "  addressing_style = path\n");
  env.set("AWS_PROFILE", "minio");
  Result<ClientConfig> resolved = resolve_client_config({}, env);
  ASSERT_TRUE(is_ok(resolved));
  EXPECT_EQ(resolved->profile, "minio");
  ASSERT_NE(resolved->credentials, nullptr);
  Result<Credentials> credentials = resolved->credentials->get();
  ASSERT_TRUE(is_ok(credentials));
  EXPECT_EQ(credentials->access_key_id, "AKIDMINIO");
  EXPECT_EQ(credentials->source, kSourceSharedCredentialsFile);
  EXPECT_EQ(resolved->region.value, "eu-west-3");
  EXPECT_EQ(resolved->region.source, "profile 'minio' in " + config);
  ASSERT_TRUE(resolved->endpoint_url);
  EXPECT_EQ(resolved->endpoint_url->value, "http://127.0.0.1:9000");
  EXPECT_EQ(resolved->addressing_style.style, AddressingStyle::kPath);
}

TEST_F(ClientConfigTest, ExplicitOptionsWin) {
  write_config_file("[default]\nregion = eu-west-3\nendpoint_url = http://127.0.0.1:9000\n");
  env.set("AWS_ACCESS_KEY_ID", "AKIDENV");
  env.set("AWS_SECRET_ACCESS_KEY", "s");
  ExplicitOptions options;
  options.access_key_id = "AKIDCLI";
  options.secret_access_key = "s";
  options.region = "ca-central-1";
  options.endpoint_url = "https://s3.example.com";
  options.addressing_style = "virtual";
  Result<ClientConfig> resolved = resolve_client_config(options, env);
  ASSERT_TRUE(is_ok(resolved));
  EXPECT_EQ(resolved->credentials->get()->access_key_id, "AKIDCLI");
  EXPECT_EQ(resolved->region.value, "ca-central-1");
  EXPECT_EQ(resolved->endpoint_url->value, "https://s3.example.com");
  EXPECT_EQ(resolved->addressing_style.style, AddressingStyle::kVirtual);
}

TEST_F(ClientConfigTest, DefaultsWhenOnlyKeysAreGiven) {
  env.set("AWS_ACCESS_KEY_ID", "AKIDENV");
  env.set("AWS_SECRET_ACCESS_KEY", "s");
  Result<ClientConfig> resolved = resolve_client_config({}, env);
  ASSERT_TRUE(is_ok(resolved));
  EXPECT_EQ(resolved->profile, "default");
  EXPECT_EQ(resolved->region.value, "us-east-1");
  EXPECT_EQ(resolved->region.source, "default");
  EXPECT_FALSE(resolved->endpoint_url);
  EXPECT_EQ(resolved->addressing_style.style, AddressingStyle::kAuto);
}

TEST_F(ClientConfigTest, ReportsSetupErrorsBeforeAnyTransfer) {
  ExplicitOptions options;
  options.profile = "nope";
  Result<ClientConfig> missing_profile = resolve_client_config(options, env);
  ASSERT_FALSE(missing_profile.ok());
  EXPECT_EQ(missing_profile.error().message.rfind("profile 'nope' not found in ", 0), 0u);

  Result<ClientConfig> no_credentials = resolve_client_config({}, env);
  ASSERT_FALSE(no_credentials.ok());
  EXPECT_EQ(no_credentials.error().message.rfind("no credentials:", 0), 0u);

  std::string config = write_config_file("[default]\nregion\n");
  Result<ClientConfig> malformed = resolve_client_config({}, env);
  ASSERT_FALSE(malformed.ok());
  EXPECT_EQ(malformed.error().message, config + ":2: expected 'key = value'");
}

TEST_F(ClientConfigTest, AnonymousNeedsNoCredentials) {
  ExplicitOptions options;
  options.anonymous = true;
  Result<ClientConfig> resolved = resolve_client_config(options, env);
  ASSERT_TRUE(is_ok(resolved));
  EXPECT_EQ(resolved->credentials, nullptr);
}

TEST_F(ClientConfigTest, InstanceRoleAndRegionShareOneMetadataSession) {
  test::LocalHttpResponder imds;
  auto expiration = std::chrono::system_clock::now() + std::chrono::hours(6);
  imds.respond("PUT", "/latest/api/token", CannedResponse().with_body("session"));
  imds.respond("GET", "/latest/meta-data/iam/security-credentials/", CannedResponse().with_body("role"));
  imds.respond("GET", "/latest/meta-data/iam/security-credentials/role",
               CannedResponse().with_body(credentials_json("AKIDEC2", expiration)));
  imds.respond("GET", "/latest/meta-data/placement/region", CannedResponse().with_body("sa-east-1"));
  env.unset("AWS_EC2_METADATA_DISABLED");
  env.set("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url());
  Result<ClientConfig> resolved = resolve_client_config({}, env);
  ASSERT_TRUE(is_ok(resolved));
  EXPECT_EQ(resolved->credentials->get()->source, kSourceInstanceMetadata);
  EXPECT_EQ(resolved->region.value, "sa-east-1");
  EXPECT_EQ(resolved->region.source, "instance metadata");
  EXPECT_EQ(imds.count("PUT", "/latest/api/token"), 1u);
}

}  // namespace
}  // namespace hoist::config

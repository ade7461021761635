#include "engine/config/shared_config.h"

#include <gtest/gtest.h>

#include "tests/config/config_test.h"

namespace hoist::config {
namespace {

class SharedConfigTest : public ConfigTest {
 protected:
  SharedConfig load_ok(std::string_view explicit_profile = {}) { return load_shared(explicit_profile); }
  std::string load_error(std::string_view explicit_profile = {}) {
    Result<SharedConfig> shared = SharedConfig::load(env, explicit_profile);
    EXPECT_FALSE(shared.ok());
    return shared.ok() ? std::string() : shared.error().message;
  }
};

TEST_F(SharedConfigTest, NoFilesMeansAnEmptyDefaultProfile) {
  SharedConfig shared = load_ok();
  EXPECT_EQ(shared.profile(), "default");
  EXPECT_EQ(shared.credentials_section(), nullptr);
  EXPECT_EQ(shared.config_section(), nullptr);
  EXPECT_EQ(shared.get("region"), std::nullopt);
}

TEST_F(SharedConfigTest, FindsFilesUnderHome) {
  std::string credentials = write_credentials_file("[default]\naws_access_key_id = A\n");
  std::string config = write_config_file("[default]\nregion = eu-north-1\n");
  SharedConfig shared = load_ok();
  EXPECT_EQ(shared.credentials_path(), credentials);
  EXPECT_EQ(shared.config_path(), config);
  std::optional<Setting> region = shared.get("region");
  ASSERT_TRUE(region);
  EXPECT_EQ(region->value, "eu-north-1");
  EXPECT_EQ(region->source, "profile 'default' in " + config);
}

TEST_F(SharedConfigTest, VariablesOverrideFileLocationsAndExpandTilde) {
  write_credentials_file("[default]\nregion = from-home\n");
  std::string elsewhere = home.write_file("elsewhere/creds", "[default]\nregion = from-variable\n");
  env.set("AWS_SHARED_CREDENTIALS_FILE", "~/elsewhere/creds");
  std::string config = home.write_file("elsewhere/conf", "[profile p]\nregion = r\n");
  env.set("AWS_CONFIG_FILE", config);
  SharedConfig shared = load_ok();
  EXPECT_EQ(shared.credentials_path(), elsewhere);
  EXPECT_EQ(shared.config_path(), config);
  EXPECT_EQ(shared.get("region")->value, "from-variable");
}

TEST_F(SharedConfigTest, ProfileComesFromExplicitOptionThenAwsProfile) {
  write_config_file("[profile env]\nregion = r-env\n[profile cli]\nregion = r-cli\n");
  env.set("AWS_PROFILE", "env");
  EXPECT_EQ(load_ok().get("region")->value, "r-env");
  EXPECT_EQ(load_ok("cli").profile(), "cli");
  EXPECT_EQ(load_ok("cli").get("region")->value, "r-cli");
}

TEST_F(SharedConfigTest, NamedProfileThatDoesNotExistIsAnError) {
  std::string credentials = write_credentials_file("[default]\naws_access_key_id = A\n");
  std::string config = write_config_file("[default]\nregion = r\n");
  EXPECT_EQ(load_error("missing"), "profile 'missing' not found in " + credentials + ", " + config);
  env.set("AWS_PROFILE", "also-missing");
  EXPECT_EQ(load_error(), "profile 'also-missing' not found in " + credentials + ", " + config);
}

TEST_F(SharedConfigTest, MissingProfileErrorExplainsConfigFileSpelling) {
  std::string config = write_config_file("[dev]\nregion = r\n");
  std::string message = load_error("dev");
  EXPECT_NE(message.find("[profile dev]"), std::string::npos) << message;
}

TEST_F(SharedConfigTest, ProfileInEitherFileIsEnough) {
  write_credentials_file("[only-creds]\naws_access_key_id = A\n");
  write_config_file("[profile only-config]\nregion = r\n");
  EXPECT_NE(load_ok("only-creds").credentials_section(), nullptr);
  EXPECT_NE(load_ok("only-config").config_section(), nullptr);
}

TEST_F(SharedConfigTest, CredentialsFileWinsOverConfigFile) {
  std::string credentials = write_credentials_file("[dev]\nregion = from-credentials\n");
  write_config_file("[profile dev]\nregion = from-config\noutput = json\n");
  SharedConfig shared = load_ok("dev");
  EXPECT_EQ(shared.get("region")->value, "from-credentials");
  EXPECT_EQ(shared.get("region")->source, "profile 'dev' in " + credentials);
  EXPECT_EQ(shared.get("output")->value, "json");
}

TEST_F(SharedConfigTest, ConfigFileIgnoresUnprefixedSectionsExceptDefault) {
  write_config_file("[default]\nregion = d\n[dev]\nregion = wrong\n[profile dev]\nregion = right\n");
  EXPECT_EQ(load_ok().get("region")->value, "d");
  EXPECT_EQ(load_ok("dev").get("region")->value, "right");
}

TEST_F(SharedConfigTest, ReadsSubSectionsAndServicesSections) {
  std::string config = write_config_file(
      "[profile dev]\n"
      "services = local\n"
      "s3 =\n"
      "  addressing_style = path\n"
      "[services local]\n"
      "s3 =\n"
      "  endpoint_url = http://127.0.0.1:9000\n");
  SharedConfig shared = load_ok("dev");
  EXPECT_EQ(shared.get("s3", "addressing_style")->value, "path");
  std::optional<Setting> endpoint = shared.service_setting("s3", "endpoint_url");
  ASSERT_TRUE(endpoint);
  EXPECT_EQ(endpoint->value, "http://127.0.0.1:9000");
  EXPECT_EQ(endpoint->source, "[services local] in " + config);
  EXPECT_EQ(shared.service_setting("sqs", "endpoint_url"), std::nullopt);
  EXPECT_EQ(load_ok().service_setting("s3", "endpoint_url"), std::nullopt);
}

TEST_F(SharedConfigTest, MalformedFileIsAnErrorNamingFileAndLine) {
  std::string config = write_config_file("[default]\nregion = r\noops\n");
  EXPECT_EQ(load_error(), config + ":3: expected 'key = value'");
}

TEST_F(SharedConfigTest, NoHomeDirectoryAndNoVariablesMeansNoFiles) {
  env.set_home_directory(std::nullopt);
  SharedConfig shared = load_ok();
  EXPECT_EQ(shared.credentials_path(), "");
  EXPECT_EQ(shared.get("region"), std::nullopt);
}

}  // namespace
}  // namespace hoist::config

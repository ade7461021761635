#include "engine/config/process_credentials_provider.h"

#include <gtest/gtest.h>

#include "tests/config/config_test.h"

namespace hoist::config {
namespace {

using namespace std::chrono;

class ProcessCredentialsTest : public ConfigTest {
 protected:
  // A profile whose credential_process runs `script` (written as an executable file).
  ProcessCredentialsProvider provider_running(std::string_view script) {
    std::string path = home.write_file("bin/helper", "#!/bin/sh\n" + std::string(script), true);
    config_path = write_config_file("[profile dev]\ncredential_process = " + path + " --profile dev\n");
    return ProcessCredentialsProvider(load_shared("dev"));
  }

  std::string config_path;
};

TEST_F(ProcessCredentialsTest, ParsesCommandOutput) {
  ProcessCredentialsProvider provider = provider_running(
      "test \"$1\" = --profile || exit 3\n"
      "echo '{\"Version\": 1, \"AccessKeyId\": \"AKIDPROC\", \"SecretAccessKey\": \"secret-proc\",'\n"
      "echo ' \"SessionToken\": \"token-proc\", \"Expiration\": \"2030-01-02T03:04:05Z\"}'\n");
  Result<Credentials> credentials = provider.fetch();
  ASSERT_TRUE(is_ok(credentials));
  EXPECT_EQ(credentials->access_key_id, "AKIDPROC");
  EXPECT_EQ(credentials->secret_access_key, "secret-proc");
  EXPECT_EQ(credentials->session_token, "token-proc");
  EXPECT_EQ(credentials->expiration, sys_days(year(2030) / 1 / 2) + hours(3) + minutes(4) + seconds(5));
  EXPECT_EQ(credentials->source, kSourceCredentialProcess);
}

TEST_F(ProcessCredentialsTest, TokenAndExpirationAreOptional) {
  ProcessCredentialsProvider provider = provider_running(
      "echo '{\"Version\": 1, \"AccessKeyId\": \"AKIDLONG\", \"SecretAccessKey\": \"secret-long\"}'\n");
  Result<Credentials> credentials = provider.fetch();
  ASSERT_TRUE(is_ok(credentials));
  EXPECT_EQ(credentials->session_token, "");
  EXPECT_EQ(credentials->expiration, std::nullopt);
}

TEST_F(ProcessCredentialsTest, RunsAgainOnEveryFetch) {
  std::string counter = home.path() + "/count";
  ProcessCredentialsProvider provider = provider_running(
      "echo run >> " + counter + "\n"
      "n=$(wc -l < " + counter + " | tr -d ' ')\n"
      "echo \"{\\\"Version\\\": 1, \\\"AccessKeyId\\\": \\\"AKID$n\\\", \\\"SecretAccessKey\\\": \\\"s\\\"}\"\n");
  EXPECT_EQ(provider.fetch()->access_key_id, "AKID1");
  EXPECT_EQ(provider.fetch()->access_key_id, "AKID2");
}

TEST_F(ProcessCredentialsTest, NonZeroExitNamesProfileAndHidesOutput) {
  ProcessCredentialsProvider provider = provider_running(
      "echo '{\"Version\": 1, \"AccessKeyId\": \"AKIDLEAK\", \"SecretAccessKey\": \"leaked-secret\"}'\n"
      "exit 7\n");
  Result<Credentials> credentials = provider.fetch();
  ASSERT_FALSE(credentials.ok());
  EXPECT_FALSE(is_not_found(credentials.error()));
  const std::string& message = credentials.error().message;
  EXPECT_NE(message.find("profile 'dev'"), std::string::npos) << message;
  EXPECT_NE(message.find(config_path), std::string::npos) << message;
  EXPECT_NE(message.find("exited with status 7"), std::string::npos) << message;
  EXPECT_EQ(message.find("leaked-secret"), std::string::npos) << message;
  EXPECT_EQ(message.find("AKIDLEAK"), std::string::npos) << message;
}

TEST_F(ProcessCredentialsTest, RejectsBadOutput) {
  struct Case {
    const char* output;
    const char* expected;
  };
  for (const Case& c : {Case{"not json with-a-secret", "not valid JSON"},
                        Case{"[1, 2]", "not a JSON object"},
                        Case{R"({"Version": 2, "AccessKeyId": "A", "SecretAccessKey": "S"})", "Version must be 1"},
                        Case{R"({"AccessKeyId": "A", "SecretAccessKey": "S"})", "Version must be 1"},
                        Case{R"({"Version": 1, "SecretAccessKey": "S"})", "AccessKeyId is missing"},
                        Case{R"({"Version": 1, "AccessKeyId": "A", "SecretAccessKey": 5})",
                             "SecretAccessKey is not a string"},
                        Case{R"({"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "S", "Expiration": "soon"})",
                             "Expiration is not an ISO 8601 time"}}) {
    ProcessCredentialsProvider provider = provider_running("cat <<'EOF'\n" + std::string(c.output) + "\nEOF\n");
    Result<Credentials> credentials = provider.fetch();
    ASSERT_FALSE(credentials.ok()) << c.output;
    EXPECT_NE(credentials.error().message.find(c.expected), std::string::npos)
        << credentials.error().message;
    EXPECT_EQ(credentials.error().message.find("with-a-secret"), std::string::npos);
  }
}

TEST_F(ProcessCredentialsTest, NotConfiguredIsNotFound) {
  write_config_file("[default]\nregion = r\n");
  Result<Credentials> credentials = ProcessCredentialsProvider(load_shared()).fetch();
  ASSERT_FALSE(credentials.ok());
  EXPECT_TRUE(is_not_found(credentials.error()));
  EXPECT_EQ(credentials.error().message, "credential_process: not set in profile 'default'");
}

TEST_F(ProcessCredentialsTest, CommandFromCredentialsFileWorksToo) {
  write_credentials_file(
      "[default]\ncredential_process = echo '{\"Version\":1,\"AccessKeyId\":\"AKIDC\",\"SecretAccessKey\":\"s\"}'\n");
  EXPECT_EQ(ProcessCredentialsProvider(load_shared()).fetch()->access_key_id, "AKIDC");
}

}  // namespace
}  // namespace hoist::config

#include "engine/config/credentials_chain.h"

#include <gtest/gtest.h>

#include "engine/config/static_credentials.h"
#include "tests/config/config_test.h"
#include "tests/support/local_http_responder.h"

namespace hoist::config {
namespace {

using namespace std::chrono;
using test::CannedResponse;

// Every source in the chain configured at once, each with its own access key id, so a test
// can take sources away one by one and watch the next one take over.
class CredentialsChainTest : public ConfigTest {
 protected:
  CredentialsChainTest() {
    auto expiration = system_clock::now() + hours(6);
    server.respond("GET", "/container", CannedResponse().with_body(credentials_json("AKIDCONTAINER", expiration)));
    server.respond("PUT", "/latest/api/token", CannedResponse().with_body("t"));
    server.respond("GET", "/latest/meta-data/iam/security-credentials/", CannedResponse().with_body("role"));
    server.respond("GET", "/latest/meta-data/iam/security-credentials/role",
                   CannedResponse().with_body(credentials_json("AKIDIMDS", expiration)));

    options.access_key_id = "AKIDEXPLICIT";
    options.secret_access_key = "s";
    env.set("AWS_ACCESS_KEY_ID", "AKIDENV");
    env.set("AWS_SECRET_ACCESS_KEY", "s");
    credentials_file = write_credentials_file(
        "[default]\naws_access_key_id = AKIDCREDFILE\naws_secret_access_key = s\n"
        "[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = s\n");
    config_file = write_config_file(
        "[default]\n"
        "credential_process = echo '{\"Version\":1,\"AccessKeyId\":\"AKIDPROCESS\",\"SecretAccessKey\":\"s\"}'\n"
        "aws_access_key_id = AKIDCONFFILE\naws_secret_access_key = s\n"
        "[profile dev]\nregion = r\n");
    env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", server.url() + "/container");
    env.unset("AWS_EC2_METADATA_DISABLED");
    env.set("AWS_EC2_METADATA_SERVICE_ENDPOINT", server.url());
  }

  Result<Credentials> resolve() {
    SharedConfig shared = load_shared(options.profile);
    auto metadata = std::make_shared<InstanceMetadataClient>(InstanceMetadataClient::options_from(env, &shared));
    return default_credentials_chain(options, env, shared, metadata, "us-east-1")->fetch();
  }

  std::string resolved_key_id() {
    Result<Credentials> credentials = resolve();
    EXPECT_TRUE(is_ok(credentials));
    return credentials.ok() ? credentials->access_key_id : std::string();
  }

  test::LocalHttpResponder server;
  ExplicitOptions options;
  std::string credentials_file;
  std::string config_file;
};

TEST_F(CredentialsChainTest, PrecedenceFollowsTheAwsCli) {
  EXPECT_EQ(resolved_key_id(), "AKIDEXPLICIT");
  options = ExplicitOptions();
  EXPECT_EQ(resolved_key_id(), "AKIDENV");
  env.unset("AWS_ACCESS_KEY_ID");
  env.unset("AWS_SECRET_ACCESS_KEY");
  EXPECT_EQ(resolved_key_id(), "AKIDCREDFILE");
  write_credentials_file("");
  EXPECT_EQ(resolved_key_id(), "AKIDPROCESS");
  write_config_file("[default]\naws_access_key_id = AKIDCONFFILE\naws_secret_access_key = s\n");
  EXPECT_EQ(resolved_key_id(), "AKIDCONFFILE");
  write_config_file("");
  EXPECT_TRUE(server.requests().empty()) << "nothing asked the network while files had keys";
  EXPECT_EQ(resolved_key_id(), "AKIDCONTAINER");
  env.unset("AWS_CONTAINER_CREDENTIALS_FULL_URI");
  EXPECT_EQ(resolved_key_id(), "AKIDIMDS");
}

TEST_F(CredentialsChainTest, SourcesAreLabelled) {
  EXPECT_EQ(resolve()->source, kSourceExplicit);
  options = ExplicitOptions();
  EXPECT_EQ(resolve()->source, kSourceEnvironment);
}

TEST_F(CredentialsChainTest, ExplicitProfileOutranksEnvironmentKeysButAwsProfileDoesNot) {
  options = ExplicitOptions();
  env.set("AWS_PROFILE", "dev");
  EXPECT_EQ(resolved_key_id(), "AKIDENV");
  options.profile = "dev";
  EXPECT_EQ(resolved_key_id(), "AKIDDEV");
}

TEST_F(CredentialsChainTest, ConfiguredButFailingSourceStopsTheChain) {
  options = ExplicitOptions();
  env.unset("AWS_SECRET_ACCESS_KEY");  // AWS_ACCESS_KEY_ID alone
  Result<Credentials> credentials = resolve();
  ASSERT_FALSE(credentials.ok());
  EXPECT_NE(credentials.error().message.find("AWS_SECRET_ACCESS_KEY is not"), std::string::npos);

  env.unset("AWS_ACCESS_KEY_ID");
  write_credentials_file("");
  write_config_file("[default]\ncredential_process = exit 2\n");
  credentials = resolve();
  ASSERT_FALSE(credentials.ok());
  EXPECT_NE(credentials.error().message.find("exited with status 2"), std::string::npos);
  EXPECT_TRUE(server.requests().empty()) << "a failing process must not fall through to the container";
}

TEST_F(CredentialsChainTest, NothingFoundListsEveryPlaceLooked) {
  options = ExplicitOptions();
  env.unset("AWS_ACCESS_KEY_ID");
  env.unset("AWS_SECRET_ACCESS_KEY");
  env.unset("AWS_CONTAINER_CREDENTIALS_FULL_URI");
  env.set("AWS_EC2_METADATA_DISABLED", "true");
  write_credentials_file("");
  write_config_file("");
  Result<Credentials> credentials = resolve();
  ASSERT_FALSE(credentials.ok());
  const std::string& message = credentials.error().message;
  EXPECT_EQ(message.rfind("no credentials: set AWS_ACCESS_KEY_ID", 0), 0u) << message;
  for (const std::string& place :
       {std::string("explicit options"), std::string("environment: AWS_ACCESS_KEY_ID not set"),
        "profile 'default' in " + credentials_file, std::string("credential_process"),
        "profile 'default' in " + config_file, std::string("AWS_CONTAINER_CREDENTIALS_FULL_URI"),
        std::string("disabled by AWS_EC2_METADATA_DISABLED")}) {
    EXPECT_NE(message.find(place), std::string::npos) << place << "\nin: " << message;
  }
}

// Counts fetches and always yields.
class CountingProvider final : public CredentialsProvider {
 public:
  explicit CountingProvider(Result<Credentials> answer) : answer_(std::move(answer)) {}
  Result<Credentials> fetch() override {
    ++fetches;
    return answer_;
  }
  int fetches = 0;

 private:
  Result<Credentials> answer_;
};

TEST(CredentialsChain, StaysWithTheProviderThatYielded) {
  Credentials keys;
  keys.access_key_id = "A";
  auto first = std::make_unique<CountingProvider>(not_found("first: nothing"));
  auto second = std::make_unique<CountingProvider>(keys);
  CountingProvider* first_raw = first.get();
  CountingProvider* second_raw = second.get();
  std::vector<std::unique_ptr<CredentialsProvider>> providers;
  providers.push_back(std::move(first));
  providers.push_back(std::move(second));
  CredentialsChain chain(std::move(providers));
  EXPECT_EQ(chain.fetch()->access_key_id, "A");
  EXPECT_EQ(chain.fetch()->access_key_id, "A");
  EXPECT_EQ(first_raw->fetches, 1);
  EXPECT_EQ(second_raw->fetches, 2);
}

}  // namespace
}  // namespace hoist::config

// The EC2 instance metadata client and credentials provider, against a local responder
// standing in for 169.254.169.254.
#include <gtest/gtest.h>

#include <memory>

#include "engine/config/instance_metadata_client.h"
#include "engine/config/instance_metadata_credentials_provider.h"
#include "engine/config/region.h"
#include "tests/config/config_test.h"
#include "tests/support/local_http_responder.h"

namespace hoist::config {
namespace {

using namespace std::chrono;
using test::CannedResponse;

constexpr const char* kRoles = "/latest/meta-data/iam/security-credentials/";
constexpr const char* kRole = "/latest/meta-data/iam/security-credentials/app-role";

class InstanceMetadataTest : public ConfigTest {
 protected:
  InstanceMetadataTest() {
    env.unset("AWS_EC2_METADATA_DISABLED");
    env.set("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url() + "/");
    expiration = time_point_cast<seconds>(system_clock::now() + hours(6));
  }

  std::shared_ptr<InstanceMetadataClient> client() {
    return std::make_shared<InstanceMetadataClient>(InstanceMetadataClient::options_from(env, nullptr));
  }

  void serve_role() {
    imds.respond("PUT", "/latest/api/token", CannedResponse().with_body("imds-token-1"));
    imds.respond("GET", kRoles, CannedResponse().with_body("app-role\n"));
    imds.respond("GET", kRole,
                 CannedResponse().with_body(
                     "{\"Code\":\"Success\",\"Type\":\"AWS-HMAC\"," + credentials_json("AKIDEC2", expiration).substr(1)));
  }

  test::LocalHttpResponder imds;
  system_clock::time_point expiration;
};

TEST_F(InstanceMetadataTest, OptionsFromEnvironmentAndProfile) {
  MapEnvironment plain;
  InstanceMetadataClient::Options defaults = InstanceMetadataClient::options_from(plain, nullptr);
  EXPECT_EQ(defaults.endpoint, "http://169.254.169.254");
  EXPECT_FALSE(defaults.disabled);
  EXPECT_TRUE(defaults.allow_v1);

  plain.set("AWS_EC2_METADATA_DISABLED", "TRUE");
  plain.set("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "ipv6");
  InstanceMetadataClient::Options changed = InstanceMetadataClient::options_from(plain, nullptr);
  EXPECT_TRUE(changed.disabled);
  EXPECT_EQ(changed.endpoint, "http://[fd00:ec2::254]");

  write_config_file("[default]\nec2_metadata_service_endpoint = http://127.0.0.1:9/\nec2_metadata_v1_disabled = true\n");
  SharedConfig shared = load_shared();
  env.unset("AWS_EC2_METADATA_SERVICE_ENDPOINT");
  InstanceMetadataClient::Options from_profile = InstanceMetadataClient::options_from(env, &shared);
  EXPECT_EQ(from_profile.endpoint, "http://127.0.0.1:9");
  EXPECT_FALSE(from_profile.allow_v1);
}

TEST_F(InstanceMetadataTest, Imdsv2TokenFlowAndRoleCredentials) {
  serve_role();
  InstanceMetadataCredentialsProvider provider(client());
  expect_credentials(provider.fetch(), "AKIDEC2", expiration, kSourceInstanceMetadata);

  std::vector<test::RecordedRequest> requests = imds.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].method, "PUT");
  EXPECT_EQ(requests[0].path, "/latest/api/token");
  EXPECT_EQ(requests[0].header("X-aws-ec2-metadata-token-ttl-seconds"), "21600");
  EXPECT_FALSE(requests[0].header("X-aws-ec2-metadata-token"));
  EXPECT_EQ(requests[1].path, kRoles);
  EXPECT_EQ(requests[1].header("X-aws-ec2-metadata-token"), "imds-token-1");
  EXPECT_EQ(requests[2].path, kRole);
  EXPECT_EQ(requests[2].header("X-aws-ec2-metadata-token"), "imds-token-1");
}

TEST_F(InstanceMetadataTest, TokenIsReusedAcrossRequests) {
  serve_role();
  imds.respond("GET", "/latest/meta-data/placement/region", CannedResponse().with_body("eu-central-1"));
  std::shared_ptr<InstanceMetadataClient> shared_client = client();
  InstanceMetadataCredentialsProvider provider(shared_client);
  ASSERT_TRUE(is_ok(provider.fetch()));
  ASSERT_TRUE(is_ok(provider.fetch()));
  Setting region = resolve_region({}, env, SharedConfig(IniFile(), IniFile(), "default"), shared_client.get());
  EXPECT_EQ(region.value, "eu-central-1");
  EXPECT_EQ(region.source, "instance metadata");
  EXPECT_EQ(imds.count("PUT", "/latest/api/token"), 1u);
  EXPECT_EQ(imds.count("GET", kRole), 2u);
  EXPECT_EQ(imds.requests().back().header("X-aws-ec2-metadata-token"), "imds-token-1");
}

TEST_F(InstanceMetadataTest, RejectedTokenIsFetchedAgainOnce) {
  imds.respond("PUT", "/latest/api/token", CannedResponse().with_body("stale"));
  imds.respond("PUT", "/latest/api/token", CannedResponse().with_body("fresh"));
  imds.respond_with([](const test::RecordedRequest& request) {
    bool fresh = request.header("X-aws-ec2-metadata-token") == "fresh";
    return fresh ? CannedResponse().with_body("value") : CannedResponse().with_status(401);
  });
  Result<std::string> value = client()->get("/latest/meta-data/thing");
  ASSERT_TRUE(is_ok(value));
  EXPECT_EQ(value.value(), "value");
  EXPECT_EQ(imds.count("PUT", "/latest/api/token"), 2u);
}

TEST_F(InstanceMetadataTest, FallsBackToImdsv1WhenTokensAreNotOffered) {
  imds.respond("PUT", "/latest/api/token", CannedResponse().with_status(405));
  imds.respond("GET", "/latest/meta-data/placement/region", CannedResponse().with_body("ap-south-1"));
  Result<std::string> region = client()->get("/latest/meta-data/placement/region");
  ASSERT_TRUE(is_ok(region));
  EXPECT_EQ(region.value(), "ap-south-1");
  EXPECT_FALSE(imds.requests().back().header("X-aws-ec2-metadata-token"));

  env.set("AWS_EC2_METADATA_V1_DISABLED", "true");
  imds.clear_requests();
  Result<std::string> refused = client()->get("/latest/meta-data/placement/region");
  ASSERT_FALSE(refused.ok());
  EXPECT_TRUE(is_not_found(refused.error()));
  EXPECT_NE(refused.error().message.find("HTTP 405"), std::string::npos);
  EXPECT_EQ(imds.count("GET", "/latest/meta-data/placement/region"), 0u);
}

TEST_F(InstanceMetadataTest, NoRoleIsNotFound) {
  imds.respond("PUT", "/latest/api/token", CannedResponse().with_body("t"));
  imds.respond("GET", kRoles, CannedResponse().with_status(404));
  Result<Credentials> credentials = InstanceMetadataCredentialsProvider(client()).fetch();
  ASSERT_FALSE(credentials.ok());
  EXPECT_TRUE(is_not_found(credentials.error()));
  EXPECT_NE(credentials.error().message.find("HTTP 404"), std::string::npos);
}

TEST_F(InstanceMetadataTest, UnsuccessfulCodeFails) {
  imds.respond("PUT", "/latest/api/token", CannedResponse().with_body("t"));
  imds.respond("GET", kRoles, CannedResponse().with_body("app-role"));
  imds.respond("GET", kRole, CannedResponse().with_body("{\"Code\":\"AssumeRoleUnauthorizedAccess\"}"));
  Result<Credentials> credentials = InstanceMetadataCredentialsProvider(client()).fetch();
  ASSERT_FALSE(credentials.ok());
  EXPECT_FALSE(is_not_found(credentials.error()));
  EXPECT_NE(credentials.error().message.find("AssumeRoleUnauthorizedAccess"), std::string::npos);
}

TEST_F(InstanceMetadataTest, DisabledSendsNothing) {
  serve_role();
  env.set("AWS_EC2_METADATA_DISABLED", "true");
  Result<Credentials> credentials = InstanceMetadataCredentialsProvider(client()).fetch();
  ASSERT_FALSE(credentials.ok());
  EXPECT_TRUE(is_not_found(credentials.error()));
  EXPECT_NE(credentials.error().message.find("AWS_EC2_METADATA_DISABLED"), std::string::npos);
  EXPECT_TRUE(imds.requests().empty());
}

TEST_F(InstanceMetadataTest, NothingListeningFailsFastAndOnlyOnce) {
  env.set("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:" + std::to_string(test::unused_loopback_port()));
  std::shared_ptr<InstanceMetadataClient> unreachable = client();
  auto start = steady_clock::now();
  Result<Credentials> credentials = InstanceMetadataCredentialsProvider(unreachable).fetch();
  ASSERT_FALSE(credentials.ok());
  EXPECT_TRUE(is_not_found(credentials.error()));
  EXPECT_NE(credentials.error().message.find("instance metadata"), std::string::npos);
  // The region lookup that follows must not wait again.
  Setting region = resolve_region({}, env, SharedConfig(IniFile(), IniFile(), "default"), unreachable.get());
  EXPECT_EQ(region.value, "us-east-1");
  EXPECT_EQ(region.source, "default");
  EXPECT_LT(steady_clock::now() - start, milliseconds(2000));
}

TEST_F(InstanceMetadataTest, SlowServiceTimesOutWithinItsLimit) {
  imds.respond("PUT", "/latest/api/token", CannedResponse().with_body("t").with_delay(milliseconds(5000)));
  InstanceMetadataClient::Options options = InstanceMetadataClient::options_from(env, nullptr);
  options.timeouts.total = milliseconds(300);
  InstanceMetadataClient slow(options);
  auto start = steady_clock::now();
  Result<std::string> value = slow.get("/latest/meta-data/placement/region");
  ASSERT_FALSE(value.ok());
  EXPECT_TRUE(is_not_found(value.error()));
  EXPECT_LT(steady_clock::now() - start, milliseconds(2000));
}

}  // namespace
}  // namespace hoist::config

#include "engine/config/endpoint_url.h"

#include <gtest/gtest.h>

#include "tests/config/config_test.h"

namespace hoist::config {
namespace {

class EndpointUrlTest : public ConfigTest {
 protected:
  Result<std::optional<Setting>> resolve(const ExplicitOptions& options = {}) {
    return resolve_endpoint_url(options, env, load_shared(options.profile));
  }
  // "value <- source", or "none".
  std::string resolved(const ExplicitOptions& options = {}) {
    Result<std::optional<Setting>> endpoint = resolve(options);
    EXPECT_TRUE(is_ok(endpoint));
    if (!endpoint.ok() || !endpoint.value()) return "none";
    return endpoint.value()->value + " <- " + endpoint.value()->source;
  }
};

TEST_F(EndpointUrlTest, NothingConfiguredMeansAws) { EXPECT_EQ(resolved(), "none"); }

TEST_F(EndpointUrlTest, PrecedenceFollowsTheAwsCli) {
  std::string config = write_config_file(
      "[default]\n"
      "endpoint_url = http://profile:1\n"
      "services = local\n"
      "[services local]\n"
      "s3 =\n"
      "  endpoint_url = http://services:2\n"
      "sqs =\n"
      "  endpoint_url = http://wrong-service:3\n");
  ExplicitOptions options;
  options.endpoint_url = "http://option:4";
  env.set("AWS_ENDPOINT_URL_S3", "http://env-s3:5");
  env.set("AWS_ENDPOINT_URL", "http://env-all:6");

  EXPECT_EQ(resolved(options), "http://option:4 <- explicit option (--endpoint-url)");
  EXPECT_EQ(resolved(), "http://env-s3:5 <- AWS_ENDPOINT_URL_S3");
  env.unset("AWS_ENDPOINT_URL_S3");
  EXPECT_EQ(resolved(), "http://env-all:6 <- AWS_ENDPOINT_URL");
  env.unset("AWS_ENDPOINT_URL");
  EXPECT_EQ(resolved(), "http://services:2 <- [services local] in " + config);
  write_config_file("[default]\nendpoint_url = http://profile:1\n");
  EXPECT_EQ(resolved(), "http://profile:1 <- profile 'default' in " + config);
}

TEST_F(EndpointUrlTest, IgnoreConfiguredEndpointsLeavesOnlyTheExplicitOption) {
  write_config_file("[default]\nendpoint_url = http://profile:1\nignore_configured_endpoint_urls = true\n");
  env.set("AWS_ENDPOINT_URL", "http://env-all:6");
  EXPECT_EQ(resolved(), "none");
  env.set("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "false");  // the variable outranks the profile
  EXPECT_EQ(resolved(), "http://env-all:6 <- AWS_ENDPOINT_URL");
  env.set("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");
  ExplicitOptions options;
  options.endpoint_url = "https://option";
  EXPECT_EQ(resolved(options), "https://option <- explicit option (--endpoint-url)");
}

TEST_F(EndpointUrlTest, UrlWithoutSchemeIsAnError) {
  env.set("AWS_ENDPOINT_URL", "localhost:9000");
  Result<std::optional<Setting>> endpoint = resolve();
  ASSERT_FALSE(endpoint.ok());
  EXPECT_EQ(
      endpoint.error().message,
      "endpoint URL 'localhost:9000' from AWS_ENDPOINT_URL must start with http:// or https://");
}

}  // namespace
}  // namespace hoist::config

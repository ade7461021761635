#include "engine/config/container_credentials_provider.h"

#include <gtest/gtest.h>

#include "tests/config/config_test.h"
#include "tests/support/local_http_responder.h"

namespace hoist::config {
namespace {

using namespace std::chrono;
using test::CannedResponse;

class ContainerCredentialsTest : public ConfigTest {
 protected:
  ContainerCredentialsTest() { expiration = time_point_cast<seconds>(system_clock::now() + hours(6)); }

  test::LocalHttpResponder agent;
  system_clock::time_point expiration;
};

TEST_F(ContainerCredentialsTest, FullUriWithAuthorizationToken) {
  agent.respond("GET", "/creds", CannedResponse().with_body(credentials_json("AKIDTASK", expiration)));
  env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", agent.url() + "/creds");
  env.set("AWS_CONTAINER_AUTHORIZATION_TOKEN", "auth-token-1");
  ContainerCredentialsProvider provider(env);
  expect_credentials(provider.fetch(), "AKIDTASK", expiration, kSourceContainer);

  std::vector<test::RecordedRequest> requests = agent.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "GET");
  EXPECT_EQ(requests[0].header("Authorization"), "auth-token-1");
}

TEST_F(ContainerCredentialsTest, TokenFileIsPreferredAndReadOnEveryFetch) {
  agent.respond("GET", "/creds", CannedResponse().with_body(credentials_json("AKIDPOD", expiration)));
  env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", agent.url() + "/creds");
  env.set("AWS_CONTAINER_AUTHORIZATION_TOKEN", "from-variable");
  std::string token_file = home.write_file("token", "rotating-1\n");
  env.set("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", token_file);
  ContainerCredentialsProvider provider(env);
  ASSERT_TRUE(is_ok(provider.fetch()));
  home.write_file("token", "rotating-2");
  ASSERT_TRUE(is_ok(provider.fetch()));
  std::vector<test::RecordedRequest> requests = agent.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].header("Authorization"), "rotating-1");
  EXPECT_EQ(requests[1].header("Authorization"), "rotating-2");
}

TEST_F(ContainerCredentialsTest, RelativeUriIsAppendedToTheAgentAddress) {
  agent.respond("GET", "/v2/credentials/abc", CannedResponse().with_body(credentials_json("AKIDECS", expiration)));
  env.set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/abc");
  env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:1/never-used");
  ContainerCredentialsProvider::Options options;
  options.relative_uri_base = agent.url();
  ContainerCredentialsProvider provider(env, options);
  EXPECT_EQ(provider.url(), agent.url() + "/v2/credentials/abc");
  Result<Credentials> credentials = provider.fetch();
  ASSERT_TRUE(is_ok(credentials));
  EXPECT_EQ(credentials->access_key_id, "AKIDECS");
  EXPECT_FALSE(agent.requests()[0].header("Authorization"));

  MapEnvironment defaults;
  defaults.set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/abc");
  EXPECT_EQ(ContainerCredentialsProvider(defaults).url(), "http://169.254.170.2/v2/credentials/abc");
}

TEST_F(ContainerCredentialsTest, PlainHttpOnlyToLoopbackOrAgentAddresses) {
  for (const char* allowed : {"http://127.0.0.1:8080/c", "http://127.1.2.3/c", "http://localhost/c",
                              "http://[::1]:80/c", "http://169.254.170.2/c", "http://169.254.170.23/c",
                              "http://[fd00:ec2::23]/c", "https://creds.example.com/c"}) {
    MapEnvironment e;
    e.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", allowed);
    EXPECT_EQ(ContainerCredentialsProvider(e).url(), allowed);
  }
  for (const char* refused : {"http://10.0.0.1/c", "http://example.com/c", "http://127.0.0.1.evil.com/c",
                              "http://user@example.com/c", "ftp://127.0.0.1/c"}) {
    MapEnvironment e;
    e.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", refused);
    ContainerCredentialsProvider provider(e);
    EXPECT_EQ(provider.url(), "") << refused;
    Result<Credentials> credentials = provider.fetch();
    ASSERT_FALSE(credentials.ok()) << refused;
    EXPECT_FALSE(is_not_found(credentials.error()));
    EXPECT_NE(credentials.error().message.find("AWS_CONTAINER_CREDENTIALS_FULL_URI"),
              std::string::npos);
  }
}

TEST_F(ContainerCredentialsTest, NotConfiguredIsNotFound) {
  Result<Credentials> credentials = ContainerCredentialsProvider(env).fetch();
  ASSERT_FALSE(credentials.ok());
  EXPECT_TRUE(is_not_found(credentials.error()));
}

TEST_F(ContainerCredentialsTest, AgentErrorsFail) {
  agent.respond("GET", "/denied", CannedResponse().with_status(403).with_body("{\"code\":\"x\"}"));
  agent.respond("GET", "/garbage", CannedResponse().with_body("<html>"));
  agent.respond("GET", "/partial", CannedResponse().with_body("{\"AccessKeyId\":\"A\"}"));
  struct Case {
    const char* path;
    const char* expected;
  };
  for (const Case& c : {Case{"/denied", "HTTP 403"}, Case{"/garbage", "not valid JSON"},
                        Case{"/partial", "SecretAccessKey is missing"}}) {
    env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", agent.url() + c.path);
    Result<Credentials> credentials = ContainerCredentialsProvider(env).fetch();
    ASSERT_FALSE(credentials.ok());
    EXPECT_FALSE(is_not_found(credentials.error()));
    EXPECT_NE(credentials.error().message.find(c.expected), std::string::npos)
        << credentials.error().message;
  }
}

TEST_F(ContainerCredentialsTest, TokenWithLineBreakIsRefusedBeforeSending) {
  agent.respond("GET", "/creds", CannedResponse().with_body(credentials_json("AKID", expiration)));
  env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", agent.url() + "/creds");
  env.set("AWS_CONTAINER_AUTHORIZATION_TOKEN", "abc\r\nX-Injected: 1");
  Result<Credentials> credentials = ContainerCredentialsProvider(env).fetch();
  ASSERT_FALSE(credentials.ok());
  EXPECT_NE(credentials.error().message.find("line break"), std::string::npos);
  EXPECT_TRUE(agent.requests().empty());
}

TEST_F(ContainerCredentialsTest, UnreadableTokenFileFails) {
  env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", agent.url() + "/creds");
  env.set("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", home.path() + "/no-such-token");
  Result<Credentials> credentials = ContainerCredentialsProvider(env).fetch();
  ASSERT_FALSE(credentials.ok());
  EXPECT_NE(credentials.error().message.find("no-such-token"), std::string::npos);
  EXPECT_TRUE(agent.requests().empty());
}

}  // namespace
}  // namespace hoist::config

#include "engine/config/sts_client.h"

#include <gtest/gtest.h>

#include "tests/config/config_test.h"
#include "tests/support/local_http_responder.h"

namespace hoist::config {
namespace {

using namespace std::chrono;
using test::CannedResponse;

class StsClientTest : public ConfigTest {
 protected:
  StsClientTest() { expiration = time_point_cast<seconds>(system_clock::now() + hours(1)); }

  StsClient client() { return StsClient(StsEndpoint{sts.url(), "test", "eu-west-1"}); }

  test::LocalHttpResponder sts;
  system_clock::time_point expiration;
};

TEST_F(StsClientTest, AssumeRoleIsASignedFormPost) {
  sts.respond(
      "POST", "/",
      CannedResponse().with_body(sts_credentials_xml("AssumeRole", "ASIAROLE", expiration)));
  AssumeRoleParameters parameters;
  parameters.role_arn = "arn:aws:iam::123456789012:role/data mover";
  parameters.role_session_name = "nightly";
  parameters.external_id = "ext/1";
  parameters.duration_seconds = 900;
  sigv4::Credentials caller{"AKIDCALLER", "caller-secret", ""};
  expect_credentials(client().assume_role(caller, parameters, kSourceAssumeRole), "ASIAROLE",
                     expiration, kSourceAssumeRole);

  std::vector<test::RecordedRequest> requests = sts.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].body,
            "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%"
            "2Fdata%20mover"
            "&RoleSessionName=nightly&DurationSeconds=900&ExternalId=ext%2F1");
  EXPECT_EQ(requests[0].header("Content-Type"), "application/x-www-form-urlencoded; charset=utf-8");
  std::optional<std::string> authorization = requests[0].header("Authorization");
  ASSERT_TRUE(authorization);
  EXPECT_NE(authorization->find("Credential=AKIDCALLER/"), std::string::npos) << *authorization;
  EXPECT_NE(authorization->find("/eu-west-1/sts/aws4_request"), std::string::npos)
      << *authorization;
  EXPECT_FALSE(requests[0].header("x-amz-security-token"));
}

TEST_F(StsClientTest, SessionTokenOfTheCallerIsSentAndDefaultSessionNameIsTimed) {
  sts.respond(
      "POST", "/",
      CannedResponse().with_body(sts_credentials_xml("AssumeRole", "ASIAROLE", expiration)));
  AssumeRoleParameters parameters;
  parameters.role_arn = "arn:aws:iam::123456789012:role/r";
  sigv4::Credentials caller{"ASIACALLER", "s", "caller-session"};
  ASSERT_TRUE(is_ok(client().assume_role(caller, parameters, kSourceAssumeRole)));
  test::RecordedRequest request = sts.requests().at(0);
  EXPECT_EQ(request.header("x-amz-security-token"), "caller-session");
  EXPECT_NE(request.body.find("&RoleSessionName=hoist-session-1"), std::string::npos)
      << request.body;
  EXPECT_EQ(request.body.find("DurationSeconds"), std::string::npos);
  EXPECT_EQ(request.body.find("ExternalId"), std::string::npos);
  EXPECT_EQ(default_role_session_name(system_clock::time_point(seconds(1700000000))),
            "hoist-session-1700000000");
}

TEST_F(StsClientTest, WebIdentityIsUnsignedAndTheTokenNeverReachesAMessage) {
  sts.respond("POST", "/",
              CannedResponse().with_status(400).with_body(
                  "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidIdentityToken</Code>"
                  "<Message>token eyJ-secret-jwt is not valid</Message></Error></ErrorResponse>"));
  AssumeRoleParameters parameters;
  parameters.role_arn = "arn:aws:iam::123456789012:role/pod";
  parameters.role_session_name = "pod";
  Result<Credentials> result =
      client().assume_role_with_web_identity("eyJ-secret-jwt", parameters, kSourceWebIdentity);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("InvalidIdentityToken"), std::string::npos)
      << result.error().message;
  EXPECT_NE(result.error().message.find("arn:aws:iam::123456789012:role/pod"), std::string::npos);
  EXPECT_EQ(result.error().message.find("eyJ-secret-jwt"), std::string::npos)
      << result.error().message;

  test::RecordedRequest request = sts.requests().at(0);
  EXPECT_FALSE(request.header("Authorization"));
  EXPECT_NE(request.body.find("Action=AssumeRoleWithWebIdentity&"), std::string::npos);
  EXPECT_NE(request.body.find("&WebIdentityToken=eyJ-secret-jwt"), std::string::npos);
}

TEST_F(StsClientTest, AccessDeniedNamesTheRoleAndTheCode) {
  sts.respond(
      "POST", "/",
      CannedResponse().with_status(403).with_body(
          "<ErrorResponse><Error><Code>AccessDenied</Code><Message>not authorized to perform "
          "sts:AssumeRole</Message></Error></ErrorResponse>"));
  AssumeRoleParameters parameters;
  parameters.role_arn = "arn:aws:iam::123456789012:role/r";
  Result<Credentials> result =
      client().assume_role({"AKID", "caller-secret", ""}, parameters, kSourceAssumeRole);
  ASSERT_FALSE(result.ok());
  EXPECT_FALSE(is_not_found(result.error()));
  EXPECT_NE(result.error().message.find("AccessDenied: not authorized"), std::string::npos);
  EXPECT_EQ(result.error().message.find("caller-secret"), std::string::npos);
}

TEST_F(StsClientTest, ResponsesWithoutCredentialsAreRefused) {
  EXPECT_FALSE(parse_sts_credentials("not xml", "AssumeRole", "w", "s").ok());
  EXPECT_FALSE(parse_sts_credentials("<AssumeRoleResponse/>", "AssumeRole", "w", "s").ok());
  std::string body = sts_credentials_xml("AssumeRole", "ASIA", expiration);
  EXPECT_FALSE(parse_sts_credentials(body, "AssumeRoleWithWebIdentity", "w", "s").ok())
      << "wrong action";
  std::string no_token = body;
  no_token.replace(no_token.find("<SessionToken>"),
                   std::string("<SessionToken>token-ASIA</SessionToken>").size(), "");
  Result<Credentials> missing = parse_sts_credentials(no_token, "AssumeRole", "w", "s");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("SessionToken is missing"), std::string::npos);
  EXPECT_EQ(parse_sts_error(
                "<ErrorResponse><Error><Code>X</Code><Message>m</Message></Error></ErrorResponse>"),
            "X: m");
  EXPECT_FALSE(parse_sts_error("<Error><Code>X</Code></Error>"));
}

TEST_F(StsClientTest, EndpointFollowsServiceSpecificSettings) {
  auto endpoint = [this] {
    Result<StsEndpoint> result = resolve_sts_endpoint(env, load_shared(), "ap-south-1");
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message);
    return result.ok() ? result->url + " <- " + result->source : std::string();
  };
  EXPECT_EQ(endpoint(), "https://sts.ap-south-1.amazonaws.com <- the regional STS endpoint");
  std::string config = write_config_file(
      "[default]\n"
      "endpoint_url = http://profile:1\n"
      "services = local\n"
      "[services local]\n"
      "sts =\n"
      "  endpoint_url = http://services-sts:2\n"
      "s3 =\n"
      "  endpoint_url = http://services-s3:3\n");
  env.set("AWS_ENDPOINT_URL_STS", "http://env-sts:4");
  env.set("AWS_ENDPOINT_URL_S3", "http://env-s3:5");
  env.set("AWS_ENDPOINT_URL", "http://env-all:6");
  EXPECT_EQ(endpoint(), "http://env-sts:4 <- AWS_ENDPOINT_URL_STS");
  env.unset("AWS_ENDPOINT_URL_STS");
  EXPECT_EQ(endpoint(), "http://env-all:6 <- AWS_ENDPOINT_URL");
  env.unset("AWS_ENDPOINT_URL");
  EXPECT_EQ(endpoint(), "http://services-sts:2 <- [services local] in " + config);
  write_config_file(
      "[default]\nendpoint_url = http://profile:1\nservices = local\n[services local]\ns3 =\n"
      "  endpoint_url = http://services-s3:3\n");
  EXPECT_EQ(endpoint(), "http://profile:1 <- profile 'default' in " + config);
  env.set("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");
  EXPECT_EQ(endpoint(), "https://sts.ap-south-1.amazonaws.com <- the regional STS endpoint");
  env.unset("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
  env.set("AWS_ENDPOINT_URL_STS", "sts.example.com");
  EXPECT_FALSE(resolve_sts_endpoint(env, load_shared(), "ap-south-1").ok());
  env.unset("AWS_ENDPOINT_URL_STS");
  write_config_file("");
  Result<StsEndpoint> china = resolve_sts_endpoint(env, load_shared(), "cn-north-1");
  ASSERT_TRUE(china.ok());
  EXPECT_EQ(china->url, "https://sts.cn-north-1.amazonaws.com.cn");
  EXPECT_EQ(china->region, "cn-north-1");
}

}  // namespace
}  // namespace hoist::config

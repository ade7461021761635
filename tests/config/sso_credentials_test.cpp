// SSO profiles: aws-cli's token cache (names, expiry, refresh, atomic rewrite) and the
// portal's GetRoleCredentials, against a local responder standing in for the SSO portal and
// SSO OIDC.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "engine/config/credentials_chain.h"
#include "engine/config/sso_credentials_provider.h"
#include "engine/config/sso_token.h"
#include "tests/config/config_test.h"
#include "tests/support/local_http_responder.h"

namespace hoist::config {
namespace {

using namespace std::chrono;
using test::CannedResponse;

constexpr const char* kStartUrl = "https://corp.awsapps.com/start";

class SsoCredentialsTest : public ConfigTest {
 protected:
  SsoCredentialsTest() {
    now = time_point_cast<seconds>(system_clock::now());
    env.set("AWS_ENDPOINT_URL_SSO", sso.url());
    env.set("AWS_ENDPOINT_URL_SSO_OIDC", sso.url());
    write_config_file(
        "[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Admin\n"
        "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = "
        "eu-west-1\n"
        "[profile legacy]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n"
        "sso_account_id = 111122223333\nsso_role_name = ReadOnly\n");
    sso.respond(
        "GET", "/federation/credentials",
        CannedResponse().with_body(
            "{\"roleCredentials\":{\"accessKeyId\":\"ASIASSO\",\"secretAccessKey\":\"sso-secret\","
            "\"sessionToken\":\"sso-session\",\"expiration\":" +
            std::to_string(
                duration_cast<milliseconds>((now + hours(1)).time_since_epoch()).count()) +
            "}}"));
  }

  // Writes the cache file for `key` as aws-cli would.
  std::string write_token(const std::string& key, const nlohmann::json& token) {
    return home.write_file(".aws/sso/cache/" + sso_cache_key(key) + ".json", token.dump());
  }

  nlohmann::json token(system_clock::time_point expires_at, bool refreshable) {
    nlohmann::json json = {{"startUrl", kStartUrl},
                           {"region", "eu-west-1"},
                           {"accessToken", "cached-access-token"},
                           {"expiresAt", iso8601(expires_at)}};
    if (refreshable) {
      json["refreshToken"] = "refresh-1";
      json["clientId"] = "client-id";
      json["clientSecret"] = "client-secret";
      json["registrationExpiresAt"] = iso8601(now + hours(24 * 30));
    }
    return json;
  }

  Result<Credentials> fetch(const std::string& profile) {
    auto provider = SsoCredentialsProvider::from_profile(env, load_shared(profile));
    return provider->fetch();
  }

  test::LocalHttpResponder sso;
  system_clock::time_point now;
};

TEST(SsoTokenCacheTest, FileNamesAreTheSha1OfSessionNameOrStartUrl) {
  EXPECT_EQ(sso_cache_key("my-sso"), "0ad374308c5a4e22f723adf10145eafad7c4031c");
  EXPECT_EQ(sso_cache_key(kStartUrl), "a51746d4aa793ae07b25e90c3a5db96fc7832bd7");
  EXPECT_EQ(sso_cache_path("/home/u", "my-sso"),
            "/home/u/.aws/sso/cache/0ad374308c5a4e22f723adf10145eafad7c4031c.json");
}

TEST(SsoTokenCacheTest, RefreshDecisions) {
  auto now = system_clock::now();
  SsoToken token;
  token.expires_at = now + minutes(16);
  EXPECT_FALSE(sso_token_needs_refresh(token, now));
  token.expires_at = now + minutes(14);
  EXPECT_TRUE(sso_token_needs_refresh(token, now)) << "within the 15 minute window";
  token.expires_at = now - seconds(1);
  EXPECT_TRUE(sso_token_needs_refresh(token, now));

  EXPECT_FALSE(sso_token_refreshable(token, now)) << "no refresh token";
  token.refresh_token = "r";
  token.client_id = "c";
  token.client_secret = "s";
  EXPECT_FALSE(sso_token_refreshable(token, now)) << "no registration expiry";
  token.registration_expires_at = now + hours(1);
  EXPECT_TRUE(sso_token_refreshable(token, now));
  token.registration_expires_at = now - seconds(1);
  EXPECT_FALSE(sso_token_refreshable(token, now)) << "registration expired";
}

TEST_F(SsoCredentialsTest, ValidTokenFromAnSsoSession) {
  write_token("corp", token(now + hours(8), false));
  Result<Credentials> credentials = fetch("dev");
  ASSERT_TRUE(is_ok(credentials));
  EXPECT_EQ(credentials->access_key_id, "ASIASSO");
  EXPECT_EQ(credentials->secret_access_key, "sso-secret");
  EXPECT_EQ(credentials->session_token, "sso-session");
  EXPECT_EQ(credentials->expiration, now + hours(1));
  EXPECT_EQ(credentials->source, kSourceSso);
  test::RecordedRequest request = sso.requests().at(0);
  EXPECT_EQ(request.target, "/federation/credentials?account_id=111122223333&role_name=Admin");
  EXPECT_EQ(request.header("x-amz-sso_bearer_token"), "cached-access-token");
}

TEST_F(SsoCredentialsTest, LegacyProfileUsesTheStartUrlForTheCacheName) {
  write_token(kStartUrl, token(now + hours(8), false));
  ASSERT_TRUE(is_ok(fetch("legacy")));
  EXPECT_EQ(sso.requests().at(0).target,
            "/federation/credentials?account_id=111122223333&role_name=ReadOnly");
}

TEST_F(SsoCredentialsTest, ExpiredTokenIsRefreshedAndWrittenBack) {
  sso.respond(
      "POST", "/token",
      CannedResponse().with_body("{\"accessToken\":\"new-access-token\",\"expiresIn\":3600,"
                                 "\"tokenType\":\"Bearer\",\"refreshToken\":\"refresh-2\"}"));
  std::string path = write_token("corp", token(now - minutes(5), true));
  ASSERT_TRUE(is_ok(fetch("dev")));

  std::vector<test::RecordedRequest> requests = sso.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].target, "/token");
  nlohmann::json body = nlohmann::json::parse(requests[0].body);
  EXPECT_EQ(body["grantType"], "refresh_token");
  EXPECT_EQ(body["refreshToken"], "refresh-1");
  EXPECT_EQ(body["clientId"], "client-id");
  EXPECT_EQ(body["clientSecret"], "client-secret");
  EXPECT_EQ(requests[1].header("x-amz-sso_bearer_token"), "new-access-token");

  Result<SsoToken> cached = read_sso_token(path);
  ASSERT_TRUE(is_ok(cached));
  EXPECT_EQ(cached->access_token, "new-access-token");
  EXPECT_EQ(cached->refresh_token, "refresh-2");
  EXPECT_GE(cached->expires_at, now + minutes(59));
  EXPECT_EQ(cached->client_secret, "client-secret") << "the registration is kept";
  EXPECT_EQ(nlohmann::json::parse(cached->document)["startUrl"], kStartUrl)
      << "unparsed fields are kept";
  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
}

TEST_F(SsoCredentialsTest, ExpiredTokenThatCannotBeRefreshedAsksForALogin) {
  write_token("corp", token(now - minutes(5), false));
  Result<Credentials> credentials = fetch("dev");
  ASSERT_FALSE(credentials.ok());
  EXPECT_FALSE(is_not_found(credentials.error()));
  EXPECT_NE(credentials.error().message.find("run `aws sso login --profile dev`"),
            std::string::npos)
      << credentials.error().message;
  EXPECT_EQ(credentials.error().message.find("cached-access-token"), std::string::npos);
  EXPECT_TRUE(sso.requests().empty());
}

TEST_F(SsoCredentialsTest, FailedRefreshOfAnExpiredTokenAsksForALogin) {
  sso.respond("POST", "/token",
              CannedResponse().with_status(400).with_body(
                  "{\"error\":\"invalid_grant\",\"error_description\":\"refresh-1 is revoked\"}"));
  write_token("corp", token(now - minutes(5), true));
  Result<Credentials> credentials = fetch("dev");
  ASSERT_FALSE(credentials.ok());
  const std::string& message = credentials.error().message;
  EXPECT_NE(message.find("invalid_grant"), std::string::npos) << message;
  EXPECT_NE(message.find("aws sso login --profile dev"), std::string::npos) << message;
  EXPECT_EQ(message.find("refresh-1"), std::string::npos) << message;
  EXPECT_EQ(sso.count("GET", "/federation/credentials"), 0u);
}

TEST_F(SsoCredentialsTest, TokenNearExpiryIsStillUsedWhenRefreshFails) {
  sso.respond("POST", "/token", CannedResponse().with_status(500));
  write_token("corp", token(now + minutes(5), true));
  ASSERT_TRUE(is_ok(fetch("dev")));
  EXPECT_EQ(sso.requests().back().header("x-amz-sso_bearer_token"), "cached-access-token");
}

TEST_F(SsoCredentialsTest, MissingTokenOrRejectedTokenAsksForALogin) {
  Result<Credentials> missing = fetch("dev");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("no SSO token cached"), std::string::npos);
  EXPECT_NE(missing.error().message.find("aws sso login --profile dev"), std::string::npos);

  write_token("corp", token(now + hours(8), false));
  // Queued after the fixture's 200: the first call succeeds, every later one is refused, as
  // when the session is signed out elsewhere.
  sso.respond("GET", "/federation/credentials",
              CannedResponse().with_status(401).with_body(
                  "{\"message\":\"Session token not found or invalid\"}"));
  ASSERT_TRUE(is_ok(fetch("dev")));
  Result<Credentials> rejected = fetch("dev");
  ASSERT_FALSE(rejected.ok());
  EXPECT_NE(rejected.error().message.find("aws sso login --profile dev"), std::string::npos);
}

TEST_F(SsoCredentialsTest, IncompleteSettingsAreErrorsAndNoSettingsIsNotFound) {
  write_config_file(
      "[profile plain]\nregion = x\n"
      "[profile half]\nsso_session = corp\nsso_account_id = 1\n"
      "[profile lost]\nsso_session = nowhere\nsso_account_id = 1\nsso_role_name = r\n"
      "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = "
      "eu-west-1\n");
  Result<Credentials> plain = fetch("plain");
  ASSERT_FALSE(plain.ok());
  EXPECT_TRUE(is_not_found(plain.error()));
  Result<Credentials> half = fetch("half");
  ASSERT_FALSE(half.ok());
  EXPECT_NE(half.error().message.find("missing SSO settings: sso_role_name"), std::string::npos)
      << half.error().message;
  Result<Credentials> lost = fetch("lost");
  ASSERT_FALSE(lost.ok());
  EXPECT_NE(lost.error().message.find("no [sso-session nowhere]"), std::string::npos);
}

TEST_F(SsoCredentialsTest, SsoOutranksKeysInTheCredentialsFileInTheDefaultChain) {
  write_token("corp", token(now + hours(8), false));
  write_credentials_file("[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = s\n");
  ExplicitOptions options;
  options.profile = "dev";
  SharedConfig shared = load_shared("dev");
  auto metadata =
      std::make_shared<InstanceMetadataClient>(InstanceMetadataClient::options_from(env, &shared));
  Result<Credentials> credentials =
      default_credentials_chain(options, env, shared, metadata, "us-east-1")->fetch();
  ASSERT_TRUE(is_ok(credentials));
  EXPECT_EQ(credentials->access_key_id, "ASIASSO");
}

TEST_F(SsoCredentialsTest, EndpointsDefaultToTheSsoRegion) {
  env.unset("AWS_ENDPOINT_URL_SSO");
  env.unset("AWS_ENDPOINT_URL_SSO_OIDC");
  auto provider = SsoCredentialsProvider::from_profile(env, load_shared("dev"));
  EXPECT_EQ(provider->options().portal_url, "https://portal.sso.eu-west-1.amazonaws.com");
  EXPECT_EQ(provider->options().oidc_url, "https://oidc.eu-west-1.amazonaws.com");
  EXPECT_EQ(provider->options().cache_directory, home.path() + "/.aws/sso/cache");
}

}  // namespace
}  // namespace hoist::config

// Role profiles and web identity through the whole default chain, against a local STS that
// names the credentials it hands out after whoever signed the request, so a test can read
// the path a chain of roles took from the final access key id.
#include "engine/config/role_profile.h"

#include <gtest/gtest.h>

#include "engine/config/credentials_chain.h"
#include "tests/config/config_test.h"
#include "tests/support/local_http_responder.h"

namespace hoist::config {
namespace {

using namespace std::chrono;
using test::CannedResponse;
using test::RecordedRequest;

// The value of form field `name` in `body` (still encoded), or "".
std::string form_field(const std::string& body, const std::string& name) {
  size_t at = ("&" + body).find("&" + name + "=");
  if (at == std::string::npos) return "";
  size_t start = at + name.size() + 1;
  return body.substr(start, body.find('&', start) - start);
}

class RoleProfileTest : public ConfigTest {
 protected:
  RoleProfileTest() {
    expiration = time_point_cast<seconds>(system_clock::now() + hours(1));
    sts.respond_with([this](const RecordedRequest& request) {
      std::string action = form_field(request.body, "Action");
      std::string key = "ASIAWEB";
      if (std::optional<std::string> authorization = request.header("Authorization")) {
        size_t start = authorization->find("Credential=") + 11;
        std::string role = form_field(request.body, "RoleArn");
        key = "ASIA-" + role.substr(role.rfind("%2F") + 3) + "-BY-" +
              authorization->substr(start, authorization->find('/', start) - start);
      }
      return CannedResponse().with_body(sts_credentials_xml(action, key, expiration));
    });
    env.set("AWS_ENDPOINT_URL_STS", sts.url());
  }

  Result<Credentials> resolve(const std::string& profile = "") {
    ExplicitOptions options;
    options.profile = profile;
    SharedConfig shared = load_shared(profile);
    auto metadata = std::make_shared<InstanceMetadataClient>(
        InstanceMetadataClient::options_from(env, &shared));
    return default_credentials_chain(options, env, shared, metadata, "us-east-1")->fetch();
  }

  std::string key_id(const std::string& profile = "") {
    Result<Credentials> credentials = resolve(profile);
    EXPECT_TRUE(is_ok(credentials));
    return credentials.ok() ? credentials->access_key_id : std::string();
  }

  std::string error(const std::string& profile = "") {
    Result<Credentials> credentials = resolve(profile);
    EXPECT_FALSE(credentials.ok());
    return credentials.ok() ? std::string() : credentials.error().message;
  }

  test::LocalHttpResponder sts;
  system_clock::time_point expiration;
};

// The local STS names credentials after the role's name, the part after "role/".
constexpr const char* kRolePrefix = "arn:aws:iam::123456789012:role/";

TEST_F(RoleProfileTest, SourceProfileWithStaticKeys) {
  write_credentials_file("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n");
  write_config_file(std::string("[profile admin]\nrole_arn = ") + kRolePrefix +
                    "admin\nsource_profile = base\nexternal_id = ext-1\nduration_seconds = 1800\n"
                    "role_session_name = backup-job\n");
  Result<Credentials> credentials = resolve("admin");
  ASSERT_TRUE(is_ok(credentials));
  EXPECT_EQ(credentials->access_key_id, "ASIA-admin-BY-AKIDBASE");
  EXPECT_EQ(credentials->secret_access_key, "secret-ASIA-admin-BY-AKIDBASE");
  EXPECT_EQ(credentials->session_token, "token-ASIA-admin-BY-AKIDBASE");
  EXPECT_EQ(credentials->expiration, expiration);
  EXPECT_EQ(credentials->source, kSourceAssumeRole);
  RecordedRequest request = sts.requests().at(0);
  EXPECT_EQ(form_field(request.body, "ExternalId"), "ext-1");
  EXPECT_EQ(form_field(request.body, "DurationSeconds"), "1800");
  EXPECT_EQ(form_field(request.body, "RoleSessionName"), "backup-job");
}

TEST_F(RoleProfileTest, RolesChainThroughSourceProfiles) {
  write_config_file(
      std::string("[profile base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n") +
      "[profile hop]\nrole_arn = " + kRolePrefix + "hop\nsource_profile = base\n" +
      "[profile target]\nrole_arn = " + kRolePrefix + "target\nsource_profile = hop\n");
  EXPECT_EQ(key_id("target"), "ASIA-target-BY-ASIA-hop-BY-AKIDBASE");
  ASSERT_EQ(sts.requests().size(), 2u);
  EXPECT_EQ(sts.requests()[1].header("x-amz-security-token"), "token-ASIA-hop-BY-AKIDBASE");
}

TEST_F(RoleProfileTest, AProfileMayUseItsOwnKeysToAssumeItsRole) {
  write_config_file(
      std::string("[profile self]\naws_access_key_id = AKIDSELF\naws_secret_access_key = s\n") +
      "role_arn = " + kRolePrefix + "self\nsource_profile = self\n");
  EXPECT_EQ(key_id("self"), "ASIA-self-BY-AKIDSELF");
}

TEST_F(RoleProfileTest, CyclesAreRefusedWithThePath) {
  write_config_file(std::string("[profile a]\nrole_arn = ") + kRolePrefix +
                    "a\nsource_profile = b\n" + "[profile b]\nrole_arn = " + kRolePrefix +
                    "b\nsource_profile = c\n" + "[profile c]\nrole_arn = " + kRolePrefix +
                    "c\nsource_profile = a\n" + "[profile loner]\nrole_arn = " + kRolePrefix +
                    "loner\nsource_profile = loner\n");
  std::string message = error("a");
  EXPECT_NE(message.find("a -> b -> c -> a is a cycle"), std::string::npos) << message;
  message = error("loner");
  EXPECT_NE(message.find("loner -> loner is a cycle"), std::string::npos) << message;
  EXPECT_TRUE(sts.requests().empty());
}

TEST_F(RoleProfileTest, MfaSerialIsRefusedNamingTheProfile) {
  write_credentials_file("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n");
  write_config_file(
      std::string("[profile guarded]\nrole_arn = ") + kRolePrefix +
      "guarded\nsource_profile = base\nmfa_serial = arn:aws:iam::123456789012:mfa/me\n");
  std::string message = error("guarded");
  EXPECT_NE(message.find("profile 'guarded' sets mfa_serial: hoist cannot prompt for an MFA code"),
            std::string::npos)
      << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << "one line";
  EXPECT_TRUE(sts.requests().empty());
}

TEST_F(RoleProfileTest, CredentialSourceEnvironment) {
  write_config_file(std::string("[profile ci]\nrole_arn = ") + kRolePrefix +
                    "ci\ncredential_source = Environment\n");
  env.set("AWS_ACCESS_KEY_ID", "AKIDENV");
  env.set("AWS_SECRET_ACCESS_KEY", "s");
  // --profile turns off keys in the environment as a source of their own, but a role
  // profile can still ask for them.
  EXPECT_EQ(key_id("ci"), "ASIA-ci-BY-AKIDENV");
  env.unset("AWS_ACCESS_KEY_ID");
  env.unset("AWS_SECRET_ACCESS_KEY");
  std::string message = error("ci");
  EXPECT_NE(message.find("profile 'ci': no credentials to assume role"), std::string::npos)
      << message;
}

TEST_F(RoleProfileTest, CredentialSourceEcsContainer) {
  test::LocalHttpResponder agent;
  agent.respond("GET", "/creds",
                CannedResponse().with_body(credentials_json("AKIDTASK", expiration)));
  env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", agent.url() + "/creds");
  write_config_file(std::string("[profile task]\nrole_arn = ") + kRolePrefix +
                    "task\ncredential_source = EcsContainer\n");
  EXPECT_EQ(key_id("task"), "ASIA-task-BY-AKIDTASK");
}

TEST_F(RoleProfileTest, CredentialSourceEc2InstanceMetadata) {
  test::LocalHttpResponder imds;
  imds.respond("PUT", "/latest/api/token", CannedResponse().with_body("t"));
  imds.respond("GET", "/latest/meta-data/iam/security-credentials/",
               CannedResponse().with_body("instance-role"));
  imds.respond("GET", "/latest/meta-data/iam/security-credentials/instance-role",
               CannedResponse().with_body(credentials_json("AKIDINSTANCE", expiration)));
  env.unset("AWS_EC2_METADATA_DISABLED");
  env.set("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url());
  write_config_file(std::string("[profile ec2]\nrole_arn = ") + kRolePrefix +
                    "ec2\ncredential_source = Ec2InstanceMetadata\n");
  EXPECT_EQ(key_id("ec2"), "ASIA-ec2-BY-AKIDINSTANCE");
  EXPECT_EQ(sts.requests().at(0).header("x-amz-security-token"), "token-AKIDINSTANCE");
}

TEST_F(RoleProfileTest, BrokenRoleProfilesSayWhatIsWrong) {
  write_config_file(
      std::string("[profile both]\nrole_arn = ") + kRolePrefix +
      "both\nsource_profile = x\ncredential_source = Environment\n" +
      "[profile neither]\nrole_arn = " + kRolePrefix + "neither\n" +
      "[profile unknown]\nrole_arn = " + kRolePrefix + "u\ncredential_source = Ec2Metadata\n" +
      "[profile missing]\nrole_arn = " + kRolePrefix + "m\nsource_profile = nowhere\n" +
      "[profile duration]\nrole_arn = " + kRolePrefix + "d\ncredential_source = Environment\n" +
      "duration_seconds = 1h\n" + "[profile empty]\nregion = x\n" +
      "[profile needs-empty]\nrole_arn = " + kRolePrefix + "n\nsource_profile = empty\n");
  EXPECT_NE(error("both").find("sets both source_profile and credential_source"),
            std::string::npos);
  EXPECT_NE(error("neither").find("neither source_profile nor credential_source"),
            std::string::npos);
  EXPECT_NE(error("unknown").find("credential_source 'Ec2Metadata' is not one of"),
            std::string::npos);
  EXPECT_NE(error("missing").find("source_profile 'nowhere', which does not exist"),
            std::string::npos);
  EXPECT_NE(error("duration").find("duration_seconds must be a whole number"), std::string::npos);
  EXPECT_NE(error("needs-empty")
                .find("source profile 'empty' (named by profile 'needs-empty') has no credentials"),
            std::string::npos);
  EXPECT_TRUE(sts.requests().empty());
}

TEST_F(RoleProfileTest, SourceProfileMayGetItsCredentialsFromAProcess) {
  write_config_file(
      std::string("[profile helper]\ncredential_process = echo "
                  "'{\"Version\":1,\"AccessKeyId\":\"AKIDPROC\",\"SecretAccessKey\":\"s\"}'\n") +
      "[profile role]\nrole_arn = " + kRolePrefix + "role\nsource_profile = helper\n");
  EXPECT_EQ(key_id("role"), "ASIA-role-BY-AKIDPROC");
}

TEST_F(RoleProfileTest, WebIdentityFromTheEnvironmentRereadsTheTokenOnEveryFetch) {
  std::string token_file = home.write_file("token", "jwt-1\n");
  env.set("AWS_WEB_IDENTITY_TOKEN_FILE", token_file);
  env.set("AWS_ROLE_ARN", std::string(kRolePrefix) + "pod");
  env.set("AWS_ROLE_SESSION_NAME", "pod-session");
  SharedConfig shared = load_shared();
  auto metadata =
      std::make_shared<InstanceMetadataClient>(InstanceMetadataClient::options_from(env, &shared));
  std::unique_ptr<CredentialsChain> chain =
      default_credentials_chain({}, env, shared, metadata, "us-east-1");
  Result<Credentials> first = chain->fetch();
  ASSERT_TRUE(is_ok(first));
  EXPECT_EQ(first->access_key_id, "ASIAWEB");
  EXPECT_EQ(first->source, kSourceWebIdentity);
  home.write_file("token", "jwt-2");
  ASSERT_TRUE(is_ok(chain->fetch()));
  std::vector<RecordedRequest> requests = sts.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(form_field(requests[0].body, "WebIdentityToken"), "jwt-1");
  EXPECT_EQ(form_field(requests[1].body, "WebIdentityToken"), "jwt-2");
  EXPECT_EQ(form_field(requests[0].body, "RoleSessionName"), "pod-session");
  EXPECT_EQ(form_field(requests[0].body, "RoleArn"),
            "arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fpod");
}

TEST_F(RoleProfileTest, WebIdentityFromAProfile) {
  std::string token_file = home.write_file("token", "jwt");
  write_config_file("[profile eks]\nweb_identity_token_file = " + token_file +
                    "\nrole_arn = " + kRolePrefix +
                    "eks\n[profile broken]\nweb_identity_token_file = " + token_file + "\n");
  EXPECT_EQ(key_id("eks"), "ASIAWEB");
  std::string message = error("broken");
  EXPECT_NE(message.find("a token file is set"), std::string::npos) << message;
  EXPECT_NE(message.find("no role"), std::string::npos) << message;
}

TEST_F(RoleProfileTest, ChainOrderFollowsBotocore) {
  // Every source at once; each one taken away lets the next answer.
  std::string token_file = home.write_file("token", "jwt");
  env.set("AWS_ACCESS_KEY_ID", "AKIDENV");
  env.set("AWS_SECRET_ACCESS_KEY", "s");
  env.set("AWS_WEB_IDENTITY_TOKEN_FILE", token_file);
  env.set("AWS_ROLE_ARN", std::string(kRolePrefix) + "pod");
  write_credentials_file(
      "[default]\naws_access_key_id = AKIDCREDFILE\naws_secret_access_key = s\n"
      "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n");
  write_config_file(std::string("[default]\nrole_arn = ") + kRolePrefix +
                    "default\nsource_profile = base\n");
  EXPECT_EQ(key_id(), "AKIDENV");
  env.unset("AWS_ACCESS_KEY_ID");
  env.unset("AWS_SECRET_ACCESS_KEY");
  EXPECT_EQ(key_id(), "ASIA-default-BY-AKIDBASE") << "an assume-role profile outranks web identity";
  write_config_file("");
  EXPECT_EQ(key_id(), "ASIAWEB") << "web identity outranks the credentials file";
  env.unset("AWS_WEB_IDENTITY_TOKEN_FILE");
  EXPECT_EQ(key_id(), "AKIDCREDFILE");
}

TEST_F(RoleProfileTest, ExplicitProfileIgnoresWebIdentityVariables) {
  env.set("AWS_WEB_IDENTITY_TOKEN_FILE", home.write_file("token", "jwt"));
  env.set("AWS_ROLE_ARN", std::string(kRolePrefix) + "pod");
  write_credentials_file("[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = s\n");
  EXPECT_EQ(key_id("dev"), "AKIDDEV");
  EXPECT_TRUE(sts.requests().empty());
}

}  // namespace
}  // namespace hoist::config

// Temporary credentials end to end: the real hoist CLI, configured through an AWS config file
// as aws-cli users configure it, gets its credentials from `hoist serve`'s own STS and SSO
// endpoints and then moves data with them through the same server's S3:
//   role_arn + source_profile (chained), credential_source = Environment, web identity from
//   the environment and from a profile, SSO with a valid cached token, an expired one
//   refreshed through SSO OIDC CreateToken, and an expired one that cannot be refreshed;
//   and short-lived credentials refreshed in the middle of a slow multipart upload.
// boto3 checks the server side independently: what serve's STS issues is accepted by S3
// until it expires, then refused with ExpiredToken; an unsigned AssumeRole is refused.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/integration/hoist_cli.h"
#include "tests/integration/serve_process.h"
#include "tests/support/temp_directory.h"
#include "tests/support/test_bytes.h"

namespace hoist::test {
namespace {

using Clock = std::chrono::system_clock;

constexpr const char* kSsoToken = "sso-token-known-to-serve";
constexpr const char* kRole = "arn:aws:iam::123456789012:role/mover";
// Lifetime of the credentials the short-lived server issues: shorter than the slow upload
// below, longer than RefreshingCredentials' 10 s retry interval (which, for credentials this
// short, is how often they are fetched again).
constexpr int kShortLifetimeSeconds = 15;

std::string iso8601(Clock::time_point time) {
  std::time_t seconds = Clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

class CliCredentialsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = std::make_unique<ServeProcess>(std::vector<std::string>{"--sso-token", kSsoToken});
    short_lived_ = std::make_unique<ServeProcess>(
        std::vector<std::string>{"--sts-duration", std::to_string(kShortLifetimeSeconds)});
  }
  static void TearDownTestSuite() {
    server_.reset();
    short_lived_.reset();
  }

  // The environment of a user with no keys of their own: only the config file written by
  // the test, a home of its own (for the SSO cache), and the credential services' endpoints
  // pointed at `server` the way aws-cli users point them elsewhere.
  std::map<std::string, std::string> user_environment(
      const ServeProcess& server, std::map<std::string, std::string> extra = {}) {
    auto env = server.client_environment();
    for (const char* name :
         {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
          "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_ROLE_SESSION_NAME",
          "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"}) {
      env[name] = "";
    }
    env["AWS_CONFIG_FILE"] = home_.path() + "/.aws/config";
    env["HOME"] = home_.path();
    env["AWS_ENDPOINT_URL_STS"] = server.endpoint();
    env["AWS_ENDPOINT_URL_SSO"] = server.endpoint();
    env["AWS_ENDPOINT_URL_SSO_OIDC"] = server.endpoint();
    for (auto& [k, v] : extra) env[k] = v;
    return env;
  }

  CliResult hoist_as_user(const ServeProcess& server, std::vector<std::string> args,
                          std::map<std::string, std::string> extra = {}) {
    args.insert(args.begin(), {"--endpoint-url", server.endpoint(), "--debug"});
    return run_hoist(args, user_environment(server, std::move(extra)));
  }

  // A bucket made with the server's own keys.
  std::string bucket(const ServeProcess& server) {
    std::string name = "creds-" + std::to_string(counter_++);
    CliResult made = run_hoist({"--endpoint-url", server.endpoint(), "mb", "s3://" + name},
                               server.client_environment());
    EXPECT_EQ(made.exit_code, 0) << made.err;
    return name;
  }

  void write_config(const std::string& text) { home_.write_file(".aws/config", text); }

  // Uploads a small file with `args` and downloads it back; returns the upload's stderr
  // (--debug) for checks on where the credentials came from.
  std::string round_trip(const ServeProcess& server, const std::vector<std::string>& args,
                         std::map<std::string, std::string> extra = {}) {
    const std::string bucket_name = bucket(server);
    const std::string content = "moved with temporary credentials";
    const std::string src = dir_.write_file("src.txt", content);
    std::vector<std::string> up = args;
    up.insert(up.end(), {"cp", src, "s3://" + bucket_name + "/k.txt"});
    CliResult uploaded = hoist_as_user(server, up, extra);
    EXPECT_EQ(uploaded.exit_code, 0) << uploaded.err;
    std::vector<std::string> down = args;
    down.insert(down.end(), {"cp", "s3://" + bucket_name + "/k.txt", dir_.path() + "/back.txt"});
    CliResult downloaded = hoist_as_user(server, down, extra);
    EXPECT_EQ(downloaded.exit_code, 0) << downloaded.err;
    std::ifstream in(dir_.path() + "/back.txt");
    EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), content);
    EXPECT_EQ(uploaded.err.find(ServeProcess::kSecretKey), std::string::npos);
    return uploaded.err;
  }

  std::string sso_cache_file(const std::string& session) {
    CliResult sha = run_program(
        "/usr/bin/python3",
        {"-c", "import hashlib,sys;print(hashlib.sha1(sys.argv[1].encode()).hexdigest())",
         session});
    return ".aws/sso/cache/" + sha.out.substr(0, 40) + ".json";
  }

  static constexpr const char* kSsoConfig =
      "[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Admin\n"
      "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = "
      "us-east-1\n";

  static inline std::unique_ptr<ServeProcess> server_;
  static inline std::unique_ptr<ServeProcess> short_lived_;
  static inline int counter_ = 0;
  TempDirectory home_;
  TempDirectory dir_;
};

TEST_F(CliCredentialsTest, RoleFromASourceProfileWithStaticKeys) {
  write_config(std::string("[profile base]\naws_access_key_id = ") + ServeProcess::kAccessKey +
               "\naws_secret_access_key = " + ServeProcess::kSecretKey +
               "\n[profile mover]\nrole_arn = " + kRole +
               "\nsource_profile = base\nrole_session_name = nightly\nduration_seconds = 900\n");
  std::string debug = round_trip(*server_, {"--profile", "mover"});
  EXPECT_NE(debug.find(", credentials ASIA"), std::string::npos) << debug;
  EXPECT_NE(debug.find(" from assume-role"), std::string::npos) << debug;
}

TEST_F(CliCredentialsTest, ChainedRolesWithTheStsEndpointFromAServicesSection) {
  write_config(
      std::string("[profile base]\naws_access_key_id = ") + ServeProcess::kAccessKey +
      "\naws_secret_access_key = " + ServeProcess::kSecretKey + "\n[profile hop]\nrole_arn = " +
      kRole + "-hop\nsource_profile = base\n[profile mover]\nrole_arn = " + kRole +
      "\nsource_profile = hop\nservices = local\n[services local]\nsts =\n  endpoint_url = " +
      server_->endpoint() + "\n");
  std::string debug = round_trip(*server_, {"--profile", "mover"}, {{"AWS_ENDPOINT_URL_STS", ""}});
  EXPECT_NE(debug.find(" from assume-role"), std::string::npos) << debug;
}

TEST_F(CliCredentialsTest, RoleCyclesAndMfaAreRefusedClearly) {
  write_config(
      std::string("[profile a]\nrole_arn = ") + kRole +
      "\nsource_profile = b\n[profile b]\nrole_arn = " + kRole +
      "\nsource_profile = a\n[profile mfa]\nrole_arn = " + kRole +
      "\ncredential_source = Environment\nmfa_serial = arn:aws:iam::123456789012:mfa/me\n");
  CliResult cycle = hoist_as_user(*server_, {"--profile", "a", "ls"});
  EXPECT_EQ(cycle.exit_code, 253) << cycle.err;  // credentials or configuration
  EXPECT_NE(cycle.err.find("a -> b -> a is a cycle"), std::string::npos) << cycle.err;
  CliResult mfa = hoist_as_user(*server_, {"--profile", "mfa", "ls"});
  EXPECT_EQ(mfa.exit_code, 253) << mfa.err;
  EXPECT_NE(mfa.err.find("profile 'mfa' sets mfa_serial: hoist cannot prompt for an MFA code"),
            std::string::npos)
      << mfa.err;
}

TEST_F(CliCredentialsTest, RoleWithCredentialSourceEnvironment) {
  write_config(std::string("[profile ci]\nrole_arn = ") + kRole +
               "\ncredential_source = Environment\n");
  std::string debug = round_trip(*server_, {"--profile", "ci"},
                                 {{"AWS_ACCESS_KEY_ID", ServeProcess::kAccessKey},
                                  {"AWS_SECRET_ACCESS_KEY", ServeProcess::kSecretKey}});
  EXPECT_NE(debug.find(" from assume-role"), std::string::npos) << debug;
}

TEST_F(CliCredentialsTest, WebIdentityFromTheEnvironment) {
  write_config("");
  const std::string token_file = dir_.write_file("token", "eyJ.pod-token.sig\n");
  std::string debug = round_trip(*server_, {},
                                 {{"AWS_WEB_IDENTITY_TOKEN_FILE", token_file},
                                  {"AWS_ROLE_ARN", kRole},
                                  {"AWS_ROLE_SESSION_NAME", "pod"}});
  EXPECT_NE(debug.find(" from web-identity"), std::string::npos) << debug;
  EXPECT_EQ(debug.find("pod-token"), std::string::npos) << "the token never reaches --debug";
}

TEST_F(CliCredentialsTest, WebIdentityFromAProfile) {
  const std::string token_file = dir_.write_file("token", "eyJ.pod-token.sig");
  write_config("[profile eks]\nweb_identity_token_file = " + token_file + "\nrole_arn = " + kRole +
               "\n");
  std::string debug = round_trip(*server_, {"--profile", "eks"});
  EXPECT_NE(debug.find(" from web-identity"), std::string::npos) << debug;
}

TEST_F(CliCredentialsTest, SsoWithAValidCachedToken) {
  write_config(kSsoConfig);
  home_.write_file(sso_cache_file("corp"),
                   nlohmann::json({{"startUrl", "https://corp.awsapps.com/start"},
                                   {"region", "us-east-1"},
                                   {"accessToken", kSsoToken},
                                   {"expiresAt", iso8601(Clock::now() + std::chrono::hours(8))}})
                       .dump());
  std::string debug = round_trip(*server_, {"--profile", "dev"});
  EXPECT_NE(debug.find(" from sso"), std::string::npos) << debug;
  EXPECT_EQ(debug.find(kSsoToken), std::string::npos) << "the SSO token never reaches --debug";
}

TEST_F(CliCredentialsTest, SsoWithAnExpiredTokenRefreshedThroughCreateToken) {
  write_config(kSsoConfig);
  // serve does not know this access token: only a refreshed one gets credentials.
  const std::string path = home_.write_file(
      sso_cache_file("corp"),
      nlohmann::json({{"startUrl", "https://corp.awsapps.com/start"},
                      {"region", "us-east-1"},
                      {"accessToken", "expired-access-token"},
                      {"expiresAt", iso8601(Clock::now() - std::chrono::minutes(1))},
                      {"refreshToken", "refresh-token-1"},
                      {"clientId", "client-id"},
                      {"clientSecret", "client-secret-1"},
                      {"registrationExpiresAt", iso8601(Clock::now() + std::chrono::hours(24))}})
          .dump());
  std::string debug = round_trip(*server_, {"--profile", "dev"});
  EXPECT_NE(debug.find(" from sso"), std::string::npos) << debug;
  for (const char* secret : {"refresh-token-1", "client-secret-1", "hoist-sso-"}) {
    EXPECT_EQ(debug.find(secret), std::string::npos) << secret;
  }
  std::ifstream in(path);
  nlohmann::json cached = nlohmann::json::parse(in);
  EXPECT_NE(cached["accessToken"], "expired-access-token")
      << "the refreshed token was written back";
  EXPECT_NE(cached["refreshToken"], "refresh-token-1");
  EXPECT_EQ(cached["clientSecret"], "client-secret-1");
}

TEST_F(CliCredentialsTest, SsoWithAnExpiredTokenThatCannotBeRefreshed) {
  write_config(kSsoConfig);
  home_.write_file(sso_cache_file("corp"),
                   nlohmann::json({{"startUrl", "https://corp.awsapps.com/start"},
                                   {"region", "us-east-1"},
                                   {"accessToken", kSsoToken},
                                   {"expiresAt", iso8601(Clock::now() - std::chrono::minutes(1))}})
                       .dump());
  CliResult result = hoist_as_user(*server_, {"--profile", "dev", "ls"});
  EXPECT_EQ(result.exit_code, 253) << result.err;
  EXPECT_NE(result.err.find("aws sso login --profile dev"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find(kSsoToken), std::string::npos);
}

TEST_F(CliCredentialsTest, ShortLivedCredentialsAreRefreshedDuringASlowMultipartUpload) {
  write_config(std::string("[profile base]\naws_access_key_id = ") + ServeProcess::kAccessKey +
               "\naws_secret_access_key = " + ServeProcess::kSecretKey +
               "\n[profile mover]\nrole_arn = " + kRole + "\nsource_profile = base\n");
  const std::string bucket_name = bucket(*short_lived_);
  // 24 MiB in 5 MiB parts at 1 MiB/s: about 24 s, so the credentials in use at the start
  // have expired well before the last part and the Complete.
  const std::string content = xorshift_bytes(24u << 20, 7);
  const std::string src = dir_.write_file("big.bin", content);
  const auto started = std::chrono::steady_clock::now();
  CliResult uploaded = hoist_as_user(
      *short_lived_, {"--profile", "mover", "cp", src, "s3://" + bucket_name + "/big.bin",
                      "--part-size", "5MiB", "--bwlimit", "1M"});
  const auto elapsed = std::chrono::steady_clock::now() - started;
  ASSERT_EQ(uploaded.exit_code, 0) << uploaded.err;
  EXPECT_GT(elapsed, std::chrono::seconds(kShortLifetimeSeconds + 3))
      << "the upload outlasted the credentials";
  CliResult listed =
      run_hoist({"--endpoint-url", short_lived_->endpoint(), "ls", "s3://" + bucket_name},
                short_lived_->client_environment());
  EXPECT_NE(listed.out.find(std::to_string(content.size())), std::string::npos) << listed.out;
}

TEST_F(CliCredentialsTest, ServeIssuesCredentialsBotocoreUsesUntilTheyExpire) {
  // boto3 as an independent client of serve's STS: signed AssumeRole, S3 with the issued
  // keys, ExpiredToken once they lapse; AssumeRoleWithWebIdentity; an unsigned AssumeRole
  // is refused.
  const std::string script =
      std::string(
          "import boto3, botocore, os, time\n"
          "from botocore import UNSIGNED\n"
          "from botocore.config import Config\n"
          "e = os.environ['ENDPOINT']\n"
          "sts = boto3.client('sts', endpoint_url=e)\n"
          "c = sts.assume_role(RoleArn='") +
      kRole +
      "', RoleSessionName='boto', DurationSeconds=900)['Credentials']\n"
      "assert c['AccessKeyId'].startswith('ASIA'), c['AccessKeyId']\n"
      "s3 = boto3.client('s3', endpoint_url=e, aws_access_key_id=c['AccessKeyId'],\n"
      "    aws_secret_access_key=c['SecretAccessKey'], aws_session_token=c['SessionToken'],\n"
      "    config=Config(retries={'total_max_attempts': 1}))\n"
      "s3.list_buckets()\n"
      "bad = boto3.client('s3', endpoint_url=e, aws_access_key_id=c['AccessKeyId'],\n"
      "    aws_secret_access_key=c['SecretAccessKey'], "
      "config=Config(retries={'total_max_attempts': 1}))\n"
      "try:\n"
      "    bad.list_buckets(); print('no token accepted')\n"
      "except botocore.exceptions.ClientError as x:\n"
      "    print('without token:', x.response['Error']['Code'])\n"
      "w = boto3.client('sts', endpoint_url=e, config=Config(signature_version=UNSIGNED))\n"
      "wc = w.assume_role_with_web_identity(RoleArn='" +
      kRole +
      "', RoleSessionName='pod',\n"
      "    WebIdentityToken='eyJ.token')['Credentials']\n"
      "print('web identity:', wc['AccessKeyId'][:4])\n"
      "try:\n"
      "    w.assume_role(RoleArn='" +
      kRole +
      "', RoleSessionName='anon'); print('unsigned accepted')\n"
      "except botocore.exceptions.ClientError as x:\n"
      "    print('unsigned:', x.response['Error']['Code'])\n"
      "time.sleep(" +
      std::to_string(kShortLifetimeSeconds + 1) +
      ")\n"
      "try:\n"
      "    s3.list_buckets(); print('expired accepted')\n"
      "except botocore.exceptions.ClientError as x:\n"
      "    print('expired:', x.response['Error']['Code'])\n";
  auto env = short_lived_->client_environment();
  env["ENDPOINT"] = short_lived_->endpoint();
  CliResult result = run_program("/usr/bin/python3", {"-c", script}, env);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("without token: InvalidToken"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("web identity: ASIA"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("unsigned: MissingAuthenticationToken"), std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("expired: ExpiredToken"), std::string::npos) << result.out;
}

TEST_F(CliCredentialsTest, ServeRefusesBadIdentityRequestsAsTheServicesDo) {
  const std::string script =
      std::string(
          "import boto3, botocore, json, os, urllib.request, urllib.error\n"
          "from botocore.config import Config\n"
          "e = os.environ['ENDPOINT']\n"
          "def send(method, path, body=None, headers={}):\n"
          "    r = urllib.request.Request(e + path, data=body, method=method, headers=headers)\n"
          "    try:\n"
          "        with urllib.request.urlopen(r) as f: return f.status, f.read().decode()\n"
          "    except urllib.error.HTTPError as x: return x.code, x.read().decode()\n"
          "form = {'Content-Type': 'application/x-www-form-urlencoded'}\n"
          "print('action', *send('POST', '/', b'Action=GetCallerIdentity&Version=2011-06-15', "
          "form))\n"
          "print('no token', *send('POST', '/', "
          "b'Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=") +
      kRole +
      "&RoleSessionName=s', form))\n"
      "print('portal', *send('GET', '/federation/credentials?role_name=r&account_id=1',\n"
      "                      headers={'x-amz-sso_bearer_token': 'unknown'}))\n"
      "print('grant', *send('POST', '/token', json.dumps({'grantType': 'authorization_code',\n"
      "    'clientId': 'c', 'clientSecret': 's', 'code': 'x'}).encode(), {'Content-Type': "
      "'application/json'}))\n"
      "sts = boto3.client('sts', endpoint_url=e, config=Config(parameter_validation=False))\n"
      "for name, call in [('duration', lambda: sts.assume_role(RoleArn='" +
      kRole +
      "', RoleSessionName='s',\n"
      "                                                         DurationSeconds=100)),\n"
      "                   ('session', lambda: sts.assume_role(RoleArn='" +
      kRole +
      "', RoleSessionName='a b'))]:\n"
      "    try:\n"
      "        call(); print(name, 'accepted')\n"
      "    except botocore.exceptions.ClientError as x: print(name, x.response['Error']['Code'])\n"
      "wrong = boto3.client('sts', endpoint_url=e, "
      "aws_access_key_id=os.environ['AWS_ACCESS_KEY_ID'],\n"
      "    aws_secret_access_key='wrong')\n"
      "try:\n"
      "    wrong.assume_role(RoleArn='" +
      kRole +
      "', RoleSessionName='session'); print('wrong secret accepted')\n"
      "except botocore.exceptions.ClientError as x: print('wrong secret', "
      "x.response['Error']['Code'])\n";
  auto env = server_->client_environment();
  env["ENDPOINT"] = server_->endpoint();
  CliResult result = run_program("/usr/bin/python3", {"-c", script}, env);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  for (const char* line : {"action 400 ", "no token 400 ", "portal 401 ", "grant 400 "}) {
    EXPECT_NE(result.out.find(line), std::string::npos) << line << "\n" << result.out;
  }
  EXPECT_NE(result.out.find("<Code>InvalidAction</Code>"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("<Code>ValidationError</Code>"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("Session token not found or invalid"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("unsupported_grant_type"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("duration ValidationError"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("session ValidationError"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("wrong secret SignatureDoesNotMatch"), std::string::npos) << result.out;
}

}  // namespace
}  // namespace hoist::test

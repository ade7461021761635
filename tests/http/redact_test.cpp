// Redaction: what may be printed of headers and URLs, and that --debug output produced by a
// real exchange never carries a secret.
#include "engine/http/redact.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tests/http/http_test.h"

namespace hoist::http {
namespace {

constexpr const char* kAuthorization =
    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240501/us-east-1/s3/aws4_request, "
    "SignedHeaders=host;x-amz-content-sha256;x-amz-date, "
    "Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024";

TEST(Redact, AuthorizationKeepsCredentialAndSignedHeadersButHidesSignature) {
  EXPECT_EQ(redacted_header_value("Authorization", kAuthorization),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240501/us-east-1/s3/aws4_request, "
            "SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=<redacted>");
  EXPECT_EQ(redacted_header_value("authorization", kAuthorization),
            redacted_header_value("AUTHORIZATION", kAuthorization));
}

TEST(Redact, OtherAuthorizationSchemesAreHiddenWhole) {
  EXPECT_EQ(redacted_header_value("Authorization", "Bearer container-token-123"), "<redacted>");
  EXPECT_EQ(redacted_header_value("Authorization", "AWS AKID:signature"), "<redacted>");
  EXPECT_EQ(redacted_header_value("Authorization", "AWS4-HMAC-SHA256 no signature part"), "<redacted>");
}

TEST(Redact, SecretHeadersAreHiddenWhateverTheirCase) {
  for (const char* name : {"x-amz-security-token", "X-Amz-Security-Token",
                           "x-amz-server-side-encryption-customer-key",
                           "X-Amz-Copy-Source-Server-Side-Encryption-Customer-Key",
                           "x-aws-ec2-metadata-token", "x-amz-sso_bearer_token", "Cookie", "Set-Cookie",
                           "Proxy-Authorization"}) {
    EXPECT_TRUE(is_secret_header(name)) << name;
    EXPECT_EQ(redacted_header_value(name, "s3cr3t"), "<redacted>") << name;
  }
}

TEST(Redact, OrdinaryHeadersArePrintedAsTheyAre) {
  // The SSE-C key's MD5 identifies the key without revealing it and helps debugging.
  for (const char* name : {"x-amz-server-side-encryption-customer-key-MD5", "x-amz-date",
                           "x-amz-content-sha256", "Content-Type", "x-amz-security-token-id"}) {
    EXPECT_FALSE(is_secret_header(name)) << name;
    EXPECT_EQ(redacted_header_value(name, "value 1"), "value 1") << name;
  }
}

TEST(Redact, PresignedUrlHidesSignatureAndTokenButKeepsTheRest) {
  EXPECT_EQ(redacted_url("https://b.s3.us-east-1.amazonaws.com/a%20key?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                         "&X-Amz-Credential=AKIDEXAMPLE%2F20240501%2Fus-east-1%2Fs3%2Faws4_request"
                         "&X-Amz-Date=20240501T000000Z&X-Amz-Expires=3600"
                         "&X-Amz-Security-Token=FwoGZXIvYXdzEBYaDH&X-Amz-SignedHeaders=host"
                         "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"),
            "https://b.s3.us-east-1.amazonaws.com/a%20key?X-Amz-Algorithm=AWS4-HMAC-SHA256"
            "&X-Amz-Credential=AKIDEXAMPLE%2F20240501%2Fus-east-1%2Fs3%2Faws4_request"
            "&X-Amz-Date=20240501T000000Z&X-Amz-Expires=3600"
            "&X-Amz-Security-Token=<redacted>&X-Amz-SignedHeaders=host"
            "&X-Amz-Signature=<redacted>");
}

TEST(Redact, QueryNamesMatchWithoutCaseAndOnlyWhole) {
  EXPECT_EQ(redacted_url("http://h/k?x-amz-signature=abc&uploadId=X-Amz-Signature%3Dz&X-Amz-Signatures=1&flag"),
            "http://h/k?x-amz-signature=<redacted>&uploadId=X-Amz-Signature%3Dz&X-Amz-Signatures=1&flag");
  EXPECT_EQ(redacted_url("http://h/k?list-type=2&prefix=a"), "http://h/k?list-type=2&prefix=a");
  EXPECT_EQ(redacted_url("http://h/k"), "http://h/k");
  EXPECT_EQ(redacted_url("http://h/k?"), "http://h/k?");
}

// Every line the loop wrote to Options::debug.
class DebugOutputTest : public HttpTest {
 protected:
  DebugOutputTest() {
    Options options = test_options();
    options.debug = [this](std::string_view line) { lines.emplace_back(line); };
    debug_loop = std::make_unique<EventLoop>(options);
  }

  // A request carrying every kind of secret, in its headers and in its URL.
  Request secret_request(const std::string& origin) const {
    Request r;
    r.method = "PUT";
    r.url = origin + "/bucket/key?X-Amz-Signature=URLSIGNATURESECRET&X-Amz-Security-Token=URLTOKENSECRET&partNumber=1";
    r.headers = {{"Authorization", "AWS4-HMAC-SHA256 Credential=AKIDVISIBLE/20240501/us-east-1/s3/aws4_request, "
                                   "SignedHeaders=host, Signature=HEADERSIGNATURESECRET"},
                 {"X-Amz-Security-Token", "SESSIONTOKENSECRET"},
                 {"x-amz-server-side-encryption-customer-key", "SSECKEYSECRET"},
                 {"x-amz-date", "20240501T000000Z"}};
    r.body = "body";
    return r;
  }

  // Fails for each line that shows one of the secrets above.
  void expect_no_secret() const {
    for (const std::string& line : lines) {
      for (const char* secret : {"URLSIGNATURESECRET", "URLTOKENSECRET", "HEADERSIGNATURESECRET",
                                 "SESSIONTOKENSECRET", "SSECKEYSECRET"}) {
        EXPECT_EQ(line.find(secret), std::string::npos) << line;
      }
    }
  }

  bool has_line(std::string_view needle) const {
    return std::any_of(lines.begin(), lines.end(),
                       [&](const std::string& l) { return l.find(needle) != std::string::npos; });
  }

  std::vector<std::string> lines;
  std::unique_ptr<EventLoop> debug_loop;
};

TEST_F(DebugOutputTest, ExchangeIsLoggedWithoutSecrets) {
  server.respond("PUT", "/bucket/key", CannedResponse().with_header("X-Amz-Security-Token", "SESSIONTOKENSECRET"));
  Outcome outcome = perform(*debug_loop, secret_request(server.url()));
  ASSERT_FALSE(outcome.error) << outcome.error.message;
  expect_no_secret();
  EXPECT_TRUE(has_line("> PUT " + server.url() + "/bucket/key?X-Amz-Signature=<redacted>&X-Amz-Security-Token=<redacted>&partNumber=1"));
  EXPECT_TRUE(has_line(">   Authorization: AWS4-HMAC-SHA256 Credential=AKIDVISIBLE/20240501/us-east-1/s3/aws4_request, "
                       "SignedHeaders=host, Signature=<redacted>"));
  EXPECT_TRUE(has_line(">   X-Amz-Security-Token: <redacted>"));
  EXPECT_TRUE(has_line(">   x-amz-date: 20240501T000000Z"));
  EXPECT_TRUE(has_line("< 200 PUT "));
  EXPECT_TRUE(has_line("<   x-amz-security-token: <redacted>"));

  // Redaction is for printing only: the server got the real values.
  RecordedRequest seen = only_request();
  EXPECT_EQ(seen.header("X-Amz-Security-Token"), "SESSIONTOKENSECRET");
  EXPECT_EQ(seen.header("x-amz-server-side-encryption-customer-key"), "SSECKEYSECRET");
  EXPECT_EQ(seen.target, "/bucket/key?X-Amz-Signature=URLSIGNATURESECRET&X-Amz-Security-Token=URLTOKENSECRET&partNumber=1");
}

TEST_F(DebugOutputTest, FailureIsLoggedWithoutSecrets) {
  Outcome outcome = perform(*debug_loop, secret_request("http://127.0.0.1:" + std::to_string(test::unused_loopback_port())));
  ASSERT_EQ(outcome.error.kind, TransportErrorKind::kConnect);
  expect_no_secret();
  EXPECT_TRUE(has_line(" failed: could not connect: "));
  for (const char* secret : {"URLSIGNATURESECRET", "URLTOKENSECRET"}) {
    EXPECT_EQ(outcome.error.message.find(secret), std::string::npos) << outcome.error.message;
  }
}

}  // namespace
}  // namespace hoist::http

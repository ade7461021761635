#include "sigv4/signer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <string>

#include "sigv4/canonical_request.h"
#include "sigv4/sha256.h"
#include "sigv4/signature.h"
#include "tests/sigv4/header_lookup.h"

namespace hoist::sigv4 {
namespace {

using namespace std::chrono;

const Credentials kCredentials{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                               ""};
const Credentials kSessionCredentials{"ASIAEXAMPLE", "secret/with+chars",
                                      "FwoGZXIvYXdzEB0aD/token+with=="};
const Scope kScope{"us-east-1", "s3"};
const system_clock::time_point kNow = sys_days{year{2024} / March / 5} + hours{7};

Request upload_part() {
  return {"PUT",
          "/bucket/some/key",
          {{"partNumber", "7"}, {"uploadId", "VXBsb2FkIElE"}},
          {{"Host", "bucket.s3.amazonaws.com"}, {"Content-Length", "8388608"}},
          std::string(UNSIGNED_PAYLOAD)};
}

int count_headers(const Request& request, std::string_view name) {
  return testing::header_count(request.headers, name);
}

std::string header(const Request& request, std::string_view name) {
  return testing::header_value(request.headers, name);
}

// The signature sign() should have produced, recomputed from the exposed steps.
std::string expected_signature(const Request& signed_request, const Credentials& credentials,
                               const SigningOptions& options = {}) {
  Request unsigned_copy = signed_request;
  std::erase_if(unsigned_copy.headers, [&](const auto& h) {
    return header_name_equals(h.first, "authorization") ||
           (!options.sign_session_token && header_name_equals(h.first, "x-amz-security-token"));
  });
  const AmzDate date(kNow);
  const std::string to_sign =
      string_to_sign(date.timestamp(), credential_scope(date.date(), kScope),
                     canonical_request(unsigned_copy, options));
  return signature(signing_key(credentials, date.date(), kScope, nullptr), to_sign);
}

// True when the request's Authorization header ends in the signature the exposed steps give.
bool carries_expected_signature(const Request& request, const Credentials& credentials,
                                const SigningOptions& options = {}) {
  const std::string authorization = header(request, "authorization");
  const std::string tail = "Signature=" + expected_signature(request, credentials, options);
  return authorization.size() > tail.size() &&
         authorization.compare(authorization.size() - tail.size(), tail.size(), tail) == 0;
}

TEST(Sign, AddsDateContentHashAndAuthorization) {
  Request request = upload_part();
  sign(request, kCredentials, kScope, kNow);
  EXPECT_EQ(header(request, "x-amz-date"), "20240305T070000Z");
  EXPECT_EQ(header(request, "x-amz-content-sha256"), "UNSIGNED-PAYLOAD");
  EXPECT_EQ(count_headers(request, "x-amz-security-token"), 0);
  EXPECT_EQ(header(request, "authorization"),
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240305/us-east-1/s3/aws4_request, "
            "SignedHeaders=content-length;host;x-amz-content-sha256;x-amz-date, Signature=" +
                expected_signature(request, kCredentials));
}

TEST(Sign, SignsAHexPayloadHash) {
  Request request = upload_part();
  request.payload_hash = hex_sha256("hello");
  sign(request, kCredentials, kScope, kNow);
  EXPECT_EQ(header(request, "x-amz-content-sha256"), hex_sha256("hello"));
  EXPECT_NE(canonical_request(request).find("\n" + hex_sha256("hello")), std::string::npos);
}

TEST(Sign, SigningAgainReplacesTheOldSignature) {
  Request request = upload_part();
  sign(request, kCredentials, kScope, kNow);
  const std::string first = header(request, "authorization");
  sign(request, kCredentials, kScope, kNow + minutes{5});
  for (const char* name : {"authorization", "x-amz-date", "x-amz-content-sha256"}) {
    EXPECT_EQ(count_headers(request, name), 1) << name;
  }
  EXPECT_EQ(header(request, "x-amz-date"), "20240305T070500Z");
  EXPECT_NE(header(request, "authorization"), first);
}

TEST(Sign, SameResultWithAndWithoutCache) {
  SigningKeyCache cache;
  Request cached = upload_part();
  Request uncached = upload_part();
  sign(cached, kCredentials, kScope, kNow, &cache);
  sign(uncached, kCredentials, kScope, kNow);
  EXPECT_EQ(header(cached, "authorization"), header(uncached, "authorization"));
  EXPECT_EQ(cache.derivations(), 1u);
}

TEST(Sign, SessionTokenIsSigned) {
  Request request = upload_part();
  sign(request, kSessionCredentials, kScope, kNow);
  EXPECT_EQ(header(request, "x-amz-security-token"), kSessionCredentials.session_token);
  EXPECT_NE(header(request, "authorization").find("x-amz-date;x-amz-security-token,"),
            std::string::npos);
  EXPECT_TRUE(carries_expected_signature(request, kSessionCredentials));
}

// --no-sign-request: a request signed earlier (a retry after the switch, say) loses every
// signing header but the payload hash, which S3 reads the body's framing from.
TEST(PrepareUnsigned, LeavesThePayloadHashAndNoSignature) {
  Request request = upload_part();
  sign(request, kSessionCredentials, kScope, kNow);
  prepare_unsigned(request);
  EXPECT_EQ(count_headers(request, "authorization"), 0);
  EXPECT_EQ(count_headers(request, "x-amz-date"), 0);
  EXPECT_EQ(count_headers(request, "x-amz-security-token"), 0);
  EXPECT_EQ(count_headers(request, "x-amz-content-sha256"), 1);
  EXPECT_EQ(header(request, "x-amz-content-sha256"), UNSIGNED_PAYLOAD);
  EXPECT_EQ(header(request, "Host"), "bucket.s3.amazonaws.com");
}

TEST(Sign, UnsignedSessionTokenIsAddedAfterSigning) {
  SigningOptions options;
  options.sign_session_token = false;
  Request request = upload_part();
  sign(request, kSessionCredentials, kScope, kNow, nullptr, options);
  EXPECT_EQ(header(request, "x-amz-security-token"), kSessionCredentials.session_token);
  EXPECT_EQ(header(request, "authorization").find("x-amz-security-token"), std::string::npos);
  EXPECT_TRUE(carries_expected_signature(request, kSessionCredentials, options));
}

TEST(Sign, ContentHashHeaderCanBeLeftOut) {
  SigningOptions options;
  options.content_sha256_header = false;
  Request request = upload_part();
  sign(request, kCredentials, kScope, kNow, nullptr, options);
  EXPECT_EQ(count_headers(request, "x-amz-content-sha256"), 0);
  EXPECT_NE(header(request, "authorization").find("SignedHeaders=content-length;host;x-amz-date,"),
            std::string::npos);
  EXPECT_TRUE(carries_expected_signature(request, kCredentials, options));
}

TEST(Sign, SecretNeverAppearsInTheRequest) {
  Request request = upload_part();
  sign(request, kSessionCredentials, kScope, kNow);
  for (const auto& [name, value] : request.headers) {
    EXPECT_EQ(value.find(kSessionCredentials.secret_access_key), std::string::npos) << name;
  }
}

TEST(Sign, RejectsARequestItCannotSign) {
  Request no_host = upload_part();
  no_host.headers.erase(no_host.headers.begin());
  EXPECT_THROW(sign(no_host, kCredentials, kScope, kNow), std::invalid_argument);
  Request no_hash = upload_part();
  no_hash.payload_hash.clear();
  EXPECT_THROW(sign(no_hash, kCredentials, kScope, kNow), std::invalid_argument);
}

TEST(Authorization, Format) {
  EXPECT_EQ(authorization("AKID", "20240101/r/s/aws4_request", "host;x-amz-date", "abc"),
            "AWS4-HMAC-SHA256 Credential=AKID/20240101/r/s/aws4_request, "
            "SignedHeaders=host;x-amz-date, Signature=abc");
}

}  // namespace
}  // namespace hoist::sigv4

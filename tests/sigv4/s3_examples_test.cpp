// The worked examples of the Amazon S3 API Reference, "Signature Calculations for the
// Authorization Header: Transferring Payload in a Single Chunk" (GET Object, PUT Object, GET
// Bucket Lifecycle, GET Bucket) and "Authenticating Requests: Using Query Parameters" (the
// presigned URL). Inputs and expected values are copied from those pages.

#include <gtest/gtest.h>

#include <chrono>
#include <ostream>
#include <string>

#include "sigv4/amz_date.h"
#include "sigv4/presigner.h"
#include "sigv4/scope.h"
#include "sigv4/sha256.h"
#include "sigv4/signature.h"
#include "sigv4/signer.h"
#include "tests/sigv4/header_lookup.h"
#include "tests/sigv4/s3_documentation.h"

namespace hoist::sigv4 {
namespace {

using namespace std::chrono;

using testing::header_value;
const Credentials& kCredentials = testing::kDocumentedCredentials;
const Scope& kScope = testing::kDocumentedScope;
const system_clock::time_point kNow = testing::kDocumentedTime;
constexpr const char* kHost = testing::kDocumentedHost;

struct Example {
  const char* name;
  Request request;
  std::string canonical_request;
  const char* canonical_request_sha256;  // as printed in the documented string to sign
  const char* signed_headers;
  const char* signature;
};

// Names the example in test output instead of dumping its bytes.
void PrintTo(const Example& example, std::ostream* out) { *out << example.name; }

// The part of an Authorization value after `key=`, up to the next ',' (or the end).
std::string authorization_field(const std::string& authorization, const std::string& key) {
  const size_t start = authorization.find(key + "=");
  if (start == std::string::npos) return {};
  const size_t value = start + key.size() + 1;
  return authorization.substr(value, authorization.find(',', value) - value);
}

// The two bucket examples' canonical requests end alike: headers, signed headers and the
// hash of their empty bodies.
constexpr const char* kBucketRequestTail =
    "host:examplebucket.s3.amazonaws.com\n"
    "x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
    "x-amz-date:20130524T000000Z\n"
    "\n"
    "host;x-amz-content-sha256;x-amz-date\n"
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

const Example kExamples[] = {
    {"GetObject",
     {"GET", "/test.txt", {}, {{"Host", kHost}, {"Range", "bytes=0-9"}},
      std::string(EMPTY_PAYLOAD_SHA256)},
     "GET\n"
     "/test.txt\n"
     "\n"
     "host:examplebucket.s3.amazonaws.com\n"
     "range:bytes=0-9\n"
     "x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
     "x-amz-date:20130524T000000Z\n"
     "\n"
     "host;range;x-amz-content-sha256;x-amz-date\n"
     "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
     "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972",
     "host;range;x-amz-content-sha256;x-amz-date",
     "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"},
    {"PutObject",
     {"PUT", "/test$file.text", {},
      {{"Host", kHost},
       {"Date", "Fri, 24 May 2013 00:00:00 GMT"},
       {"x-amz-storage-class", "REDUCED_REDUNDANCY"}},
      hex_sha256("Welcome to Amazon S3.")},
     "PUT\n"
     "/test%24file.text\n"
     "\n"
     "date:Fri, 24 May 2013 00:00:00 GMT\n"
     "host:examplebucket.s3.amazonaws.com\n"
     "x-amz-content-sha256:44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072\n"
     "x-amz-date:20130524T000000Z\n"
     "x-amz-storage-class:REDUCED_REDUNDANCY\n"
     "\n"
     "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class\n"
     "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072",
     "9e0e90d9c76de8fa5b200d8c849cd5b8dc7a3be3951ddb7f6a76b4158342019d",
     "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class",
     "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"},
    {"GetBucketLifecycle",
     {"GET", "/", {{"lifecycle", ""}}, {{"Host", kHost}}, std::string(EMPTY_PAYLOAD_SHA256)},
     std::string("GET\n"
                 "/\n"
                 "lifecycle=\n") +
         kBucketRequestTail,
     "9766c798316ff2757b517bc739a67f6213b4ab36dd5da2f94eaebf79c77395ca",
     "host;x-amz-content-sha256;x-amz-date",
     "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543"},
    {"GetBucket",
     // Given out of order: the canonical query sorts them.
     {"GET", "/", {{"prefix", "J"}, {"max-keys", "2"}}, {{"Host", kHost}},
      std::string(EMPTY_PAYLOAD_SHA256)},
     std::string("GET\n"
                 "/\n"
                 "max-keys=2&prefix=J\n") +
         kBucketRequestTail,
     "df57d21db20da04d7fa30298dd4488ba3a2b47ca3a489c74750e0f1e7df1b9b7",
     "host;x-amz-content-sha256;x-amz-date",
     "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"},
};

class S3HeaderExample : public ::testing::TestWithParam<Example> {};

TEST_P(S3HeaderExample, EachStepMatchesTheDocumentation) {
  const Example& example = GetParam();
  const AmzDate date(kNow);

  Request prepared = example.request;
  add_signing_headers(prepared, kCredentials, date, {});
  const std::string canonical = canonical_request(prepared);
  EXPECT_EQ(canonical, example.canonical_request);
  EXPECT_EQ(hex_sha256(canonical), example.canonical_request_sha256);

  const std::string to_sign =
      string_to_sign(date.timestamp(), credential_scope(date.date(), kScope), canonical);
  EXPECT_EQ(to_sign, std::string("AWS4-HMAC-SHA256\n20130524T000000Z\n"
                                 "20130524/us-east-1/s3/aws4_request\n") +
                         example.canonical_request_sha256);
  const SigningKey key =
      signing_key(kCredentials.secret_access_key, date.date(), kScope.region, kScope.service);
  EXPECT_EQ(signature(key, to_sign), example.signature);
}

TEST_P(S3HeaderExample, SignProducesTheDocumentedAuthorization) {
  const Example& example = GetParam();
  SigningKeyCache cache;
  Request request = example.request;
  sign(request, kCredentials, kScope, kNow, &cache);

  const std::string authorization = header_value(request.headers, "authorization");
  EXPECT_EQ(authorization.rfind("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/"
                                "us-east-1/s3/aws4_request,",
                                0),
            0u)
      << authorization;
  EXPECT_EQ(authorization_field(authorization, "SignedHeaders"), example.signed_headers);
  EXPECT_EQ(authorization_field(authorization, "Signature"), example.signature);
  EXPECT_EQ(header_value(request.headers, "x-amz-date"), "20130524T000000Z");
  EXPECT_EQ(header_value(request.headers, "x-amz-content-sha256"), example.request.payload_hash);
}

INSTANTIATE_TEST_SUITE_P(S3Documentation, S3HeaderExample, ::testing::ValuesIn(kExamples),
                         [](const ::testing::TestParamInfo<Example>& info) {
                           return std::string(info.param.name);
                         });

TEST(S3Documentation, PutObjectPayloadHash) {
  EXPECT_EQ(hex_sha256("Welcome to Amazon S3."),
            "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
}

TEST(S3Documentation, PresignedUrl) {
  const Request request{"GET", "/test.txt", {}, {{"Host", kHost}}, std::string(UNSIGNED_PAYLOAD)};
  const AmzDate date(kNow);

  Request prepared = request;
  add_presign_query(prepared, kCredentials, kScope, date, seconds(86400), {});
  const std::string canonical = canonical_request(prepared);
  EXPECT_EQ(canonical,
            "GET\n"
            "/test.txt\n"
            "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2F"
            "us-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&"
            "X-Amz-SignedHeaders=host\n"
            "host:examplebucket.s3.amazonaws.com\n"
            "\n"
            "host\n"
            "UNSIGNED-PAYLOAD");
  EXPECT_EQ(string_to_sign(date.timestamp(), credential_scope(date.date(), kScope), canonical),
            "AWS4-HMAC-SHA256\n"
            "20130524T000000Z\n"
            "20130524/us-east-1/s3/aws4_request\n"
            "3bfa292879f6447bbcda7001decf97f4a54dc650c8942174ae0a9121cf58ad04");

  EXPECT_EQ(presign_url("https://examplebucket.s3.amazonaws.com", request, kCredentials, kScope,
                        kNow, seconds(86400)),
            "https://examplebucket.s3.amazonaws.com/test.txt"
            "?X-Amz-Algorithm=AWS4-HMAC-SHA256"
            "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
            "&X-Amz-Date=20130524T000000Z"
            "&X-Amz-Expires=86400"
            "&X-Amz-SignedHeaders=host"
            "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
}

}  // namespace
}  // namespace hoist::sigv4

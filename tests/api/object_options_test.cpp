// The object options of TransferOptions: parsing of --metadata (shorthand and JSON) and
// --tagging, and the checks that refuse what S3 would refuse, before any request.
#include "engine/api/object_options.h"

#include <gtest/gtest.h>

#include <functional>

#include "engine/api/object_tagging.h"
#include "engine/api/user_metadata.h"

namespace hoist::api {
namespace {

using Pairs = MetadataPairs;

TEST(UserMetadata, ParsesShorthand) {
  auto parsed = parse_user_metadata("Team=ops,build=42");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(*parsed, (Pairs{{"team", "ops"}, {"build", "42"}}));
  auto quoted = parse_user_metadata("list=\"a,b\",x=");
  ASSERT_TRUE(quoted.ok()) << quoted.error().message;
  EXPECT_EQ(*quoted, (Pairs{{"list", "a,b"}, {"x", ""}}));
  auto with_equals = parse_user_metadata("q=a=b");
  ASSERT_TRUE(with_equals.ok());
  EXPECT_EQ(*with_equals, (Pairs{{"q", "a=b"}}));
}

TEST(UserMetadata, ParsesJson) {
  auto parsed = parse_user_metadata(R"( {"Team": "ops", "note": "a, b = c"} )");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(*parsed, (Pairs{{"team", "ops"}, {"note", "a, b = c"}}));
}

TEST(UserMetadata, RefusesWhatS3OrHttpWouldNot) {
  const std::pair<const char*, const char*> cases[] = {
      {"", "empty"},
      {"novalue", "is not name=value"},
      {"a=1,", "trailing comma"},
      {"a=\"x", "unterminated quote"},
      {"bad name=1", "not a valid header name"},
      {"a:b=1", "not a valid header name"},
      {"=1", "not a valid header name"},
      {"mtime=1", "hoist writes itself"},
      {"MODE=0644", "hoist writes itself"},
      {"hoist-anything=1", "hoist writes itself"},
      {"a=1,A=2", "given twice"},
      {"a=line\nbreak", "not printable ASCII"},
      {"{\"a\": 1}", "is not a string"},
      {"{\"a\": \"1\"", "not a JSON object"},
      {"[\"a\"]", "not a JSON object"},
  };
  for (const auto& [text, why] : cases) {
    auto parsed = parse_user_metadata(text);
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.error().code, "InvalidArgument");
    EXPECT_EQ(parsed.error().message.rfind("--metadata: ", 0), 0u) << parsed.error().message;
    EXPECT_NE(parsed.error().message.find(why), std::string::npos)
        << text << ": " << parsed.error().message;
  }
  EXPECT_FALSE(parse_user_metadata("big=" + std::string(2100, 'x')).ok());
}

TEST(ObjectTagging, EncodesEachKeyAndValueOnce) {
  auto tagging = object_tagging("k1=v1&k2=a b&k3=a%20b&k4=x+y&empty=");
  ASSERT_TRUE(tagging.ok()) << tagging.error().message;
  EXPECT_EQ(*tagging, "k1=v1&k2=a%20b&k3=a%20b&k4=x%20y&empty=");
  auto colon = object_tagging("path=a/b:c@d");
  ASSERT_TRUE(colon.ok());
  EXPECT_EQ(*colon, "path=a%2Fb%3Ac%40d");
}

TEST(ObjectTagging, RefusesWhatS3Would) {
  std::string eleven;
  for (int i = 0; i < 11; ++i) eleven += (i ? "&k" : "k") + std::to_string(i) + "=v";
  const std::string cases[] = {"",
                               "novalue",
                               "=v",
                               "a=1&a=2",
                               "k=v&",
                               "k=<v>",
                               "k=" + std::string(257, 'v'),
                               std::string(129, 'k') + "=v",
                               eleven};
  for (const std::string& text : cases) {
    auto tagging = object_tagging(text);
    ASSERT_FALSE(tagging.ok()) << text;
    EXPECT_EQ(tagging.error().message.rfind("--tagging: ", 0), 0u) << tagging.error().message;
  }
}

TEST(ObjectOptions, NothingAskedNothingSent) {
  auto options = object_options(TransferOptions{}, checksum::Algorithm::crc32c);
  ASSERT_TRUE(options.ok());
  EXPECT_TRUE(options->create_headers.empty());
  EXPECT_TRUE(options->customer_key.empty());
  EXPECT_TRUE(options->guess_content_type);
}

TEST(ObjectOptions, BuildTheHeadersOfEveryOption) {
  TransferOptions o;
  o.sse = "aws:kms";
  o.sse_kms_key_id = "key-1";
  o.tagging = "a=b";
  o.metadata = "team=ops";
  o.acl = "bucket-owner-full-control";
  o.object_lock_mode = "GOVERNANCE";
  o.object_lock_retain_until_date = "2099-12-31";
  o.object_lock_legal_hold_status = "ON";
  o.guess_content_type = false;
  auto options = object_options(o, checksum::Algorithm::crc32c);
  ASSERT_TRUE(options.ok()) << options.error().message;
  const http::Headers expected = {
      {"x-amz-server-side-encryption", "aws:kms"},
      {"x-amz-server-side-encryption-aws-kms-key-id", "key-1"},
      {"x-amz-tagging", "a=b"},
      {"x-amz-meta-team", "ops"},
      {"x-amz-acl", "bucket-owner-full-control"},
      {"x-amz-object-lock-mode", "GOVERNANCE"},
      {"x-amz-object-lock-retain-until-date", "2099-12-31T00:00:00Z"},
      {"x-amz-object-lock-legal-hold", "ON"},
  };
  EXPECT_EQ(options->create_headers, expected);
  EXPECT_FALSE(options->guess_content_type);
}

TEST(ObjectOptions, CustomerKeyGoesWithItsMd5) {
  TransferOptions o;
  o.sse_customer_algorithm = "AES256";
  o.sse_customer_key = std::string(32, 'k');
  auto options = object_options(o, checksum::Algorithm::crc32c);
  ASSERT_TRUE(options.ok()) << options.error().message;
  // echo -n kkkk...(32) | base64; and | openssl md5 -binary | base64
  const http::Headers expected = {
      {"x-amz-server-side-encryption-customer-algorithm", "AES256"},
      {"x-amz-server-side-encryption-customer-key", "a2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2s="},
      {"x-amz-server-side-encryption-customer-key-MD5", "mT2HRsMGJ5IX5C+0rreZ8Q=="},
  };
  EXPECT_EQ(options->customer_key, expected);
  EXPECT_TRUE(options->create_headers.empty());
}

TEST(ObjectOptions, RefuseBadValuesNamingTheOption) {
  struct Case {
    std::function<void(TransferOptions&)> set;
    checksum::Algorithm checksum;
    std::string names;
  };
  const auto c32 = checksum::Algorithm::crc32c;
  const Case cases[] = {
      {[](TransferOptions& o) { o.sse = "aes256"; }, c32, "--sse 'aes256'"},
      {[](TransferOptions& o) { o.sse_kms_key_id = "k"; }, c32, "--sse-kms-key-id needs"},
      {[](TransferOptions& o) { o.sse = "AES256", o.sse_kms_key_id = "k"; }, c32,
       "--sse-kms-key-id needs"},
      {[](TransferOptions& o) { o.sse_customer_algorithm = "AES256"; }, c32,
       "--sse-c needs --sse-c-key"},
      {[](TransferOptions& o) { o.sse_customer_key = std::string(32, 'k'); }, c32,
       "--sse-c-key needs --sse-c"},
      {[](TransferOptions& o) { o.sse_customer_algorithm = "AES128", o.sse_customer_key = "k"; },
       c32, "--sse-c 'AES128'"},
      {[](TransferOptions& o) {
         o.sse_customer_algorithm = "AES256", o.sse_customer_key = std::string(31, 'k');
       },
       c32, "--sse-c-key must be 32 bytes (an AES-256 key), not 31"},
      {[](TransferOptions& o) {
         o.sse = "AES256", o.sse_customer_algorithm = "AES256",
         o.sse_customer_key = std::string(32, 'k');
       },
       c32, "--sse and --sse-c"},
      {[](TransferOptions& o) { o.acl = "public"; }, c32, "--acl 'public'"},
      {[](TransferOptions& o) { o.tagging = "x"; }, c32, "--tagging"},
      {[](TransferOptions& o) { o.metadata = "x"; }, c32, "--metadata"},
      {[](TransferOptions& o) { o.object_lock_mode = "GOVERNANCE"; }, c32,
       "must be given together"},
      {[](TransferOptions& o) { o.object_lock_retain_until_date = "2099-01-01"; }, c32,
       "must be given together"},
      {[](TransferOptions& o) {
         o.object_lock_mode = "governance", o.object_lock_retain_until_date = "2099-01-01";
       },
       c32, "--object-lock-mode 'governance'"},
      {[](TransferOptions& o) {
         o.object_lock_mode = "COMPLIANCE", o.object_lock_retain_until_date = "next year";
       },
       c32, "is not an ISO 8601 time"},
      {[](TransferOptions& o) {
         o.object_lock_mode = "COMPLIANCE", o.object_lock_retain_until_date = "2001-01-01";
       },
       c32, "is not in the future"},
      {[](TransferOptions& o) { o.object_lock_legal_hold_status = "yes"; }, c32,
       "--object-lock-legal-hold-status 'yes'"},
      {[](TransferOptions& o) { o.object_lock_legal_hold_status = "ON"; },
       checksum::Algorithm::none, "object lock needs a checksum"},
  };
  for (const Case& c : cases) {
    TransferOptions o;
    c.set(o);
    auto options = object_options(o, c.checksum);
    ASSERT_FALSE(options.ok()) << c.names;
    EXPECT_EQ(options.error().code, "InvalidArgument");
    EXPECT_NE(options.error().message.find(c.names), std::string::npos) << options.error().message;
    EXPECT_EQ(options.error().message.find('\n'), std::string::npos);
    EXPECT_EQ(options.error().message.find("kkkk"), std::string::npos) << "key leaked";
  }
}

}  // namespace
}  // namespace hoist::api

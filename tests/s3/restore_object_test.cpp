// RestoreObject: the request hoist sends, and the server side's reading of it.
#include "engine/s3/restore_object.h"

#include <gtest/gtest.h>

namespace hoist::s3 {
namespace {

TEST(RestoreObject, PostsARestoreRequestWithDaysAndTier) {
  Operation op = restore_object({"bucket", "dir/k", 7, "Bulk"});
  EXPECT_EQ(op.method, "POST");
  EXPECT_EQ(op.bucket, "bucket");
  EXPECT_EQ(op.key, "dir/k");
  ASSERT_EQ(op.query.size(), 1u);
  EXPECT_EQ(op.query[0].first, "restore");
  const std::string body(op.body_view());
  EXPECT_NE(body.find("<RestoreRequest"), std::string::npos) << body;
  EXPECT_NE(body.find("<Days>7</Days>"), std::string::npos) << body;
  EXPECT_NE(body.find("<GlacierJobParameters><Tier>Bulk</Tier></GlacierJobParameters>"),
            std::string::npos)
      << body;
}

TEST(RestoreObject, WhatHoistSendsReadsBack) {
  Operation op = restore_object({"bucket", "k", 30, "Expedited"});
  auto parsed = parse_restore_object_request(op.body_view());
  ASSERT_TRUE(parsed.ok()) << parsed.error().describe();
  EXPECT_EQ(parsed->days, 30);
  EXPECT_EQ(parsed->tier, "Expedited");
}

TEST(RestoreObject, TierDefaultsToStandardAndPrefixedNamesAreRead) {
  auto plain = parse_restore_object_request("<RestoreRequest><Days>2</Days></RestoreRequest>");
  ASSERT_TRUE(plain.ok()) << plain.error().describe();
  EXPECT_EQ(plain->days, 2);
  EXPECT_EQ(plain->tier, "Standard");
  auto prefixed = parse_restore_object_request(
      "<s3:RestoreRequest xmlns:s3=\"http://s3.amazonaws.com/doc/2006-03-01/\"><s3:Days>3"
      "</s3:Days><s3:GlacierJobParameters><s3:Tier>Bulk</s3:Tier></s3:GlacierJobParameters>"
      "</s3:RestoreRequest>");
  ASSERT_TRUE(prefixed.ok()) << prefixed.error().describe();
  EXPECT_EQ(prefixed->days, 3);
  EXPECT_EQ(prefixed->tier, "Bulk");
}

TEST(RestoreObject, BadBodiesAreMalformedXml) {
  for (const char* body : {"", "not xml", "<Restore><Days>1</Days></Restore>", "<RestoreRequest/>",
                           "<RestoreRequest><Days>0</Days></RestoreRequest>",
                           "<RestoreRequest><Days>-1</Days></RestoreRequest>",
                           "<RestoreRequest><Days>1x</Days></RestoreRequest>",
                           "<RestoreRequest><Days>99999999999</Days></RestoreRequest>",
                           "<RestoreRequest><Days>1</Days><GlacierJobParameters><Tier>Fast</Tier>"
                           "</GlacierJobParameters></RestoreRequest>"}) {
    auto parsed = parse_restore_object_request(body);
    ASSERT_FALSE(parsed.ok()) << body;
    EXPECT_EQ(parsed.error().code, "MalformedXML") << body;
    EXPECT_EQ(parsed.error().http_status, 400) << body;
  }
}

TEST(RestoreObject, StartedOnlyFor202) {
  http::Response accepted;
  accepted.status = 202;
  EXPECT_TRUE(restore_started(accepted));
  http::Response ok;
  ok.status = 200;
  EXPECT_FALSE(restore_started(ok));
}

}  // namespace
}  // namespace hoist::s3

// Bucket-level calls: CreateBucket, HeadBucket, DeleteBucket and ListBuckets.
#include "engine/s3/bucket_operations.h"

#include <gtest/gtest.h>

#include <string>

#include "engine/s3/list_buckets.h"
#include "tests/s3/s3_test.h"

namespace hoist::s3 {
namespace {

TEST(CreateBucket, UsEast1NeedsNoConfiguration) {
  for (const char* region : {"us-east-1", ""}) {
    Operation op = create_bucket("b1", region);
    EXPECT_TRUE(is_call(op, "CreateBucket", "PUT", "b1", ""));
    EXPECT_EQ(op.body_view(), "") << region;
    EXPECT_TRUE(op.headers.empty()) << region;
  }
}

TEST(CreateBucket, OtherRegionsAreNamedInTheBody) {
  Operation op = create_bucket("b1", "eu-west-1");
  EXPECT_TRUE(is_call(op, "CreateBucket", "PUT", "b1", ""));
  EXPECT_TRUE(op.query.empty());
  EXPECT_EQ(op.headers, (http::Headers{{"Content-Type", "application/xml"}}));
  EXPECT_EQ(op.payload, PayloadSigning::kSigned);
  EXPECT_EQ(op.body_view(), std::string("<CreateBucketConfiguration") + kXmlns +
                                "><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>");
}

TEST(HeadBucket, ReportsTheRegionHeader) {
  EXPECT_TRUE(is_call(head_bucket("b1"), "HeadBucket", "HEAD", "b1", ""));
  EXPECT_EQ(parse_head_bucket_region(response(200, "", {{"x-amz-bucket-region", "ap-south-1"}})), "ap-south-1");
  EXPECT_EQ(parse_head_bucket_region(response(200)), "");
}

TEST(DeleteBucket, IsADeleteOfTheBucket) {
  Operation op = delete_bucket("b1");
  EXPECT_TRUE(is_call(op, "DeleteBucket", "DELETE", "b1", ""));
  EXPECT_TRUE(op.query.empty());
  EXPECT_TRUE(op.headers.empty());
}

TEST(ListBuckets, NamesNoBucket) {
  Operation op = list_buckets();
  EXPECT_TRUE(is_call(op, "ListBuckets", "GET", "", ""));
  EXPECT_TRUE(op.query.empty());
}

TEST(ListBuckets, EveryBucketWithItsCreationDate) {
  auto buckets = parse_list_buckets(
      response(200, s3_xml("ListAllMyBucketsResult",
                           "<Owner><ID>abc</ID><DisplayName>me</DisplayName></Owner><Buckets>"
                           "<Bucket><Name>alpha</Name><CreationDate>2019-12-11T23:32:47+00:00</CreationDate></Bucket>"
                           "<Bucket><Name>beta.dotted</Name><CreationDate>2024-05-01T00:00:00.000Z</CreationDate></Bucket>"
                           "</Buckets>")),
      list_buckets());
  ASSERT_TRUE(is_ok(buckets));
  ASSERT_EQ(buckets->size(), 2u);
  EXPECT_EQ((*buckets)[0].name, "alpha");
  EXPECT_EQ((*buckets)[0].creation_date, "2019-12-11T23:32:47+00:00");
  EXPECT_EQ((*buckets)[1].name, "beta.dotted");
  EXPECT_EQ((*buckets)[1].creation_date, "2024-05-01T00:00:00.000Z");
}

TEST(ListBuckets, NoBucketsAndWrongDocument) {
  auto none = parse_list_buckets(response(200, s3_xml("ListAllMyBucketsResult", "<Buckets></Buckets>")), list_buckets());
  ASSERT_TRUE(is_ok(none));
  EXPECT_TRUE(none->empty());
  auto wrong = parse_list_buckets(response(200, s3_xml("Error", "<Code>AccessDenied</Code>")), list_buckets());
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, "MalformedResponse");
  EXPECT_EQ(wrong.error().message, "ListBuckets response has root <Error>, expected <ListAllMyBucketsResult>");
}

}  // namespace
}  // namespace hoist::s3

// parse_s3_uri and S3Uri::to_string: the s3:// URLs every CLI verb starts from.
#include "hoist/s3_uri.h"

#include <gtest/gtest.h>

#include <string>

namespace hoist {
namespace {

S3Uri parsed(std::string_view text) {
  Result<S3Uri> uri = parse_s3_uri(text);
  EXPECT_TRUE(uri.ok()) << text << ": " << (uri.ok() ? "" : uri.error().message);
  return uri.ok() ? *uri : S3Uri{};
}

// The message parse_s3_uri gives for `text`; fails the test when `text` parses.
std::string refusal(std::string_view text) {
  Result<S3Uri> uri = parse_s3_uri(text);
  EXPECT_FALSE(uri.ok()) << text << " parsed as bucket '" << uri->bucket << "'";
  if (uri.ok()) return "";
  EXPECT_EQ(uri.error().kind, ErrorKind::kInvalid) << text;
  EXPECT_EQ(uri.error().code, "InvalidURI") << text;
  return uri.error().message;
}

// What every recursive verb works under: "p" and "p/" name the folder "p/", so "px" and
// "p2/..." are never touched through them.
TEST(FolderPrefix, APrefixNamesTheFolderOfThatName) {
  EXPECT_EQ(folder_prefix("p"), "p/");
  EXPECT_EQ(folder_prefix("p/"), "p/");
  EXPECT_EQ(folder_prefix("a/b"), "a/b/");
  EXPECT_EQ(folder_prefix(""), "");  // the whole bucket
  EXPECT_FALSE(std::string("px.txt").starts_with(folder_prefix("p")));
  EXPECT_FALSE(std::string("p2/keep.txt").starts_with(folder_prefix("p")));
  EXPECT_TRUE(std::string("p/a.txt").starts_with(folder_prefix("p")));
}

TEST(ParseS3Uri, BucketAndKey) {
  S3Uri uri = parsed("s3://my-bucket/photos/2024/a b+c.jpg");
  EXPECT_EQ(uri.bucket, "my-bucket");
  EXPECT_EQ(uri.key, "photos/2024/a b+c.jpg");
}

TEST(ParseS3Uri, BucketAlone) {
  EXPECT_EQ(parsed("s3://my-bucket").bucket, "my-bucket");
  EXPECT_EQ(parsed("s3://my-bucket").key, "");
  EXPECT_EQ(parsed("s3://my-bucket/").key, "");
}

TEST(ParseS3Uri, KeyIsKeptVerbatim) {
  EXPECT_EQ(parsed("s3://b1/a//b/").key, "a//b/");
  EXPECT_EQ(parsed("s3://b1//leading").key, "/leading");
  EXPECT_EQ(parsed("s3://b1/../x/./y").key, "../x/./y");
  EXPECT_EQ(parsed("s3://b1/100%25?x=1#f").key, "100%25?x=1#f");
}

TEST(ParseS3Uri, LegacyBucketNamesAreAccepted) {
  EXPECT_EQ(parsed("s3://Legacy_Bucket.1/k").bucket, "Legacy_Bucket.1");
  EXPECT_EQ(parsed("s3://my.dotted.bucket/k").bucket, "my.dotted.bucket");
  EXPECT_EQ(parsed("s3://" + std::string(255, 'b')).bucket, std::string(255, 'b'));
}

TEST(ParseS3Uri, MissingSchemeIsRefused) {
  EXPECT_EQ(refusal("my-bucket/key"),
            "'my-bucket/key' is not a valid S3 URL: it must start with s3://");
  EXPECT_EQ(refusal("S3://my-bucket/key"),
            "'S3://my-bucket/key' is not a valid S3 URL: it must start with s3://");
  EXPECT_EQ(refusal("s3:/my-bucket"),
            "'s3:/my-bucket' is not a valid S3 URL: it must start with s3://");
  EXPECT_EQ(refusal(""), "'' is not a valid S3 URL: it must start with s3://");
}

TEST(ParseS3Uri, EmptyBucketIsRefused) {
  EXPECT_EQ(refusal("s3://"), "'s3://' is not a valid S3 URL: the bucket name is empty");
  EXPECT_EQ(refusal("s3:///key"), "'s3:///key' is not a valid S3 URL: the bucket name is empty");
  EXPECT_EQ(refusal("s3:///"), "'s3:///' is not a valid S3 URL: the bucket name is empty");
}

TEST(ParseS3Uri, BadBucketCharactersAreRefusedByName) {
  EXPECT_EQ(refusal("s3://my bucket/k"),
            "'s3://my bucket/k' is not a valid S3 URL: the bucket name has the character ' '");
  EXPECT_EQ(refusal("s3://b?x=1"),
            "'s3://b?x=1' is not a valid S3 URL: the bucket name has the character '?'");
  EXPECT_EQ(refusal("s3://user@b/k"),
            "'s3://user@b/k' is not a valid S3 URL: the bucket name has the character '@'");
  EXPECT_EQ(refusal("s3://b:443/k"),
            "'s3://b:443/k' is not a valid S3 URL: the bucket name has the character ':'");
  EXPECT_EQ(refusal("s3://b\\k"),
            "'s3://b\\k' is not a valid S3 URL: the bucket name has the character '\\'");
}

TEST(ParseS3Uri, OverlongBucketIsRefused) {
  std::string text = "s3://" + std::string(256, 'b') + "/k";
  EXPECT_EQ(refusal(text), "'" + text + "' is not a valid S3 URL: the bucket name is too long");
}

TEST(IsS3Uri, SchemeOnly) {
  EXPECT_TRUE(is_s3_uri("s3://b"));
  EXPECT_TRUE(is_s3_uri("s3://"));
  EXPECT_FALSE(is_s3_uri("S3://b"));
  EXPECT_FALSE(is_s3_uri("/local/path"));
  EXPECT_FALSE(is_s3_uri("s3:b"));
}

TEST(S3UriToString, RoundTrips) {
  EXPECT_EQ((S3Uri{"b1", "dir/k.txt"}).to_string(), "s3://b1/dir/k.txt");
  EXPECT_EQ((S3Uri{"b1", ""}).to_string(), "s3://b1");
  EXPECT_EQ((S3Uri{"b1", "dir/"}).to_string(), "s3://b1/dir/");
  for (const char* text : {"s3://b1/dir/k.txt", "s3://b1", "s3://b1/a//b", "s3://b1//x"}) {
    EXPECT_EQ(parsed(text).to_string(), text);
  }
}

}  // namespace
}  // namespace hoist

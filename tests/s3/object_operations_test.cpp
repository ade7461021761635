// Single-object operations (PutObject, GetObject, HeadObject, DeleteObject) and the metadata
// their responses carry in headers.
#include <gtest/gtest.h>

#include <string>

#include "engine/s3/delete_object.h"
#include "engine/s3/delete_objects.h"
#include "engine/s3/get_object.h"
#include "engine/s3/head_object.h"
#include "engine/s3/object_metadata.h"
#include "engine/s3/put_object.h"
#include "tests/s3/s3_test.h"

namespace hoist::s3 {
namespace {

TEST(PutObject, SendsTheCallersBytesUnsignedWithItsHeaders) {
  std::string data = "object bytes";
  PutObjectInput input;
  input.bucket = "b1";
  input.key = "dir/file.txt";
  input.body.bytes = data;
  input.headers = {{"Content-Type", "text/plain"}, {"x-amz-checksum-crc32c", "yZRlqg=="}};
  Operation op = put_object(input);
  EXPECT_TRUE(is_call(op, "PutObject", "PUT", "b1", "dir/file.txt"));
  EXPECT_TRUE(op.query.empty());
  EXPECT_EQ(op.headers, input.headers);
  EXPECT_EQ(op.payload, PayloadSigning::kUnsigned);
  // A view of the caller's buffer, not a copy: parts live in pooled buffers.
  EXPECT_EQ(op.body_view().data(), data.data());
  EXPECT_EQ(op.body_view().size(), data.size());
  EXPECT_FALSE(op.body_source);
}

TEST(PutObject, StreamedBodyKeepsItsSourceAndSize) {
  PutObjectInput input;
  input.bucket = "b1";
  input.key = "k";
  input.body.source = [](char*, size_t) -> std::optional<size_t> { return 0; };
  input.body.size = 12345;
  Operation op = put_object(input);
  EXPECT_TRUE(op.body_source);
  EXPECT_EQ(op.body_size, 12345u);
  EXPECT_EQ(op.body_view(), "");
  EXPECT_EQ(op.payload, PayloadSigning::kUnsigned);
  EXPECT_EQ(input.body.length(), 12345u);
}

TEST(PutObject, ResultNamesETagAndVersion) {
  PutObjectOutput out = parse_put_object(response(200, "", {{"etag", "\"9b2cf\""}, {"x-amz-version-id", "v7"}}));
  EXPECT_EQ(out.etag, "\"9b2cf\"");
  EXPECT_EQ(out.version_id, "v7");
  EXPECT_EQ(parse_put_object(response(200)).etag, "");
}

TEST(GetObject, RangeChecksumModeAndIfMatchHeaders) {
  GetObjectInput input;
  input.bucket = "b1";
  input.key = "k";
  input.range = ByteRange{100, 199};
  input.if_match = "\"etag1\"";
  input.sink = [](const char*, size_t) { return true; };
  input.on_headers = [](long, const http::Headers&) { return true; };
  Operation op = get_object(input);
  EXPECT_TRUE(is_call(op, "GetObject", "GET", "b1", "k"));
  EXPECT_TRUE(op.query.empty());
  EXPECT_EQ(op.headers, (http::Headers{{"Range", "bytes=100-199"},
                                       {"x-amz-checksum-mode", "ENABLED"},
                                       {"If-Match", "\"etag1\""}}));
  EXPECT_TRUE(op.body_sink);
  EXPECT_TRUE(op.on_headers);
  EXPECT_EQ(op.body_view(), "");
}

TEST(GetObject, PlainGetHasNoHeaders) {
  GetObjectInput input;
  input.bucket = "b1";
  input.key = "k";
  input.checksum_mode = false;
  Operation op = get_object(input);
  EXPECT_TRUE(op.headers.empty());
  EXPECT_FALSE(op.body_sink);
  EXPECT_FALSE(op.on_headers);
}

TEST(HeadObject, AsksForChecksums) {
  Operation op = head_object({"b1", "a/b", true});
  EXPECT_TRUE(is_call(op, "HeadObject", "HEAD", "b1", "a/b"));
  EXPECT_EQ(op.headers, (http::Headers{{"x-amz-checksum-mode", "ENABLED"}}));
  EXPECT_TRUE(head_object({"b1", "a/b", false}).headers.empty());
}

TEST(DeleteObjects, ServerReadsBackWhatTheClientWrote) {
  DeleteObjectsInput input{"b1", {"a", "dir/b c", "x&y<z"}, true};
  auto parsed = parse_delete_objects_request(delete_objects(input).body_view());
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->keys, input.keys);
  EXPECT_TRUE(parsed->quiet);
  EXPECT_EQ(parsed->bucket, "");
}

TEST(DeleteObjects, KeysWithCarriageReturnsOrOnlyWhitespaceSurviveTheTrip) {
  // XML parsers read a raw CR as LF and pugixml drops whitespace-only text by default.
  DeleteObjectsInput input{.bucket = "b", .keys = {"a\rb", " ", "\t\n", "c\r\n"}};
  const Operation op = delete_objects(input);
  EXPECT_EQ(op.body_view().find('\r'), std::string_view::npos);
  auto parsed = parse_delete_objects_request(op.body_view());
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->keys, input.keys);
}

TEST(DeleteObjects, ServerRefusesEmptyOversizedOrForeignBodies) {
  std::string many = "<Delete>";
  for (int i = 0; i <= 1000; ++i) many += "<Object><Key>k" + std::to_string(i) + "</Key></Object>";
  many += "</Delete>";
  for (const std::string& body : {std::string(""), std::string("<Delete/>"),
                                  std::string("<Delete><Object/></Delete>"),
                                  std::string("<Other/>"), many}) {
    auto parsed = parse_delete_objects_request(body);
    ASSERT_FALSE(parsed.ok()) << body.substr(0, 60);
    EXPECT_EQ(parsed.error().code, "MalformedXML");
  }
}

TEST(DeleteObject, IsADeleteOfTheKey) {
  Operation op = delete_object("b1", "old/file");
  EXPECT_TRUE(is_call(op, "DeleteObject", "DELETE", "b1", "old/file"));
  EXPECT_TRUE(op.query.empty());
  EXPECT_TRUE(op.headers.empty());
  EXPECT_EQ(op.body_view(), "");
}

TEST(ObjectMetadata, EveryFieldFromItsHeader) {
  ObjectMetadata m = parse_object_metadata({
      {"content-length", "1234"},
      {"etag", "\"abc-2\""},
      {"content-type", "image/png"},
      {"last-modified", "Wed, 01 May 2024 12:00:00 GMT"},
      {"x-amz-storage-class", "STANDARD_IA"},
      {"x-amz-version-id", "3HL4kqtJ"},
      {"x-amz-checksum-crc32c", "yZRlqg=="},
      {"x-amz-checksum-sha256", "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg="},
      {"x-amz-checksum-type", "COMPOSITE"},
      {"x-amz-meta-mtime", "1714564800"},
      {"x-amz-meta-owner", "ops team"},
      {"x-amz-request-id", "R1"},
  });
  EXPECT_EQ(m.content_length, 1234u);
  EXPECT_EQ(m.etag, "\"abc-2\"");
  EXPECT_EQ(m.content_type, "image/png");
  EXPECT_EQ(m.last_modified, "Wed, 01 May 2024 12:00:00 GMT");
  EXPECT_EQ(m.storage_class, "STANDARD_IA");
  EXPECT_EQ(m.version_id, "3HL4kqtJ");
  EXPECT_EQ(m.range_total, std::nullopt);
  EXPECT_EQ(m.checksums, (http::Headers{{"crc32c", "yZRlqg=="},
                                        {"sha256", "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg="}}));
  EXPECT_EQ(m.checksum_type, "COMPOSITE");
  EXPECT_EQ(m.user_metadata, (http::Headers{{"mtime", "1714564800"}, {"owner", "ops team"}}));
}

TEST(ObjectMetadata, ContentRangeGivesTheTotalSize) {
  ObjectMetadata m = parse_object_metadata({{"content-length", "100"}, {"content-range", "bytes 0-99/5368709120"}});
  EXPECT_EQ(m.content_length, 100u);
  EXPECT_EQ(m.range_total, 5368709120u);
  EXPECT_EQ(parse_object_metadata({{"content-range", "bytes 0-99/*"}}).range_total, std::nullopt);
  EXPECT_EQ(parse_object_metadata({{"content-range", "bytes */77"}}).range_total, 77u);
}

TEST(ObjectMetadata, GetAndHeadReadTheSameHeaders) {
  http::Response r = response(200, "body", {{"content-length", "4"}, {"etag", "\"e\""}, {"x-amz-checksum-crc32", "AAAAAA=="}});
  EXPECT_EQ(parse_get_object(r).etag, "\"e\"");
  EXPECT_EQ(parse_get_object(r).checksums, (http::Headers{{"crc32", "AAAAAA=="}}));
  EXPECT_EQ(parse_head_object(r).content_length, 4u);
  EXPECT_EQ(parse_head_object(r).checksums, parse_get_object(r).checksums);
}

}  // namespace
}  // namespace hoist::s3

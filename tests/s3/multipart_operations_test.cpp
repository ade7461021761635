// Multipart uploads: Create, UploadPart, Complete, Abort, ListParts, ListMultipartUploads.
#include <gtest/gtest.h>

#include <string>

#include "engine/s3/abort_multipart_upload.h"
#include "engine/s3/complete_multipart_upload.h"
#include "engine/s3/create_multipart_upload.h"
#include "engine/s3/list_multipart_uploads.h"
#include "engine/s3/list_parts.h"
#include "engine/s3/upload_part.h"
#include "tests/s3/s3_test.h"

namespace hoist::s3 {
namespace {

TEST(CreateMultipartUpload, PostsToUploadsWithTheCallersHeaders) {
  CreateMultipartUploadInput input{"b1", "big/file.bin", {{"x-amz-checksum-algorithm", "CRC32C"}, {"x-amz-checksum-type", "FULL_OBJECT"}}};
  Operation op = create_multipart_upload(input);
  EXPECT_TRUE(is_call(op, "CreateMultipartUpload", "POST", "b1", "big/file.bin"));
  EXPECT_EQ(op.query, (Query{{"uploads", ""}}));
  EXPECT_EQ(op.headers, input.headers);
  EXPECT_EQ(op.body_view(), "");
  EXPECT_EQ(op.payload, PayloadSigning::kSigned);
}

TEST(CreateMultipartUpload, ResultIsTheUploadId) {
  Operation op = create_multipart_upload({"b1", "k", {}});
  Result<std::string> id = parse_create_multipart_upload(
      response(200, s3_xml("InitiateMultipartUploadResult",
                           "<Bucket>b1</Bucket><Key>k</Key><UploadId>VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA</UploadId>")),
      op);
  ASSERT_TRUE(is_ok(id));
  EXPECT_EQ(*id, "VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA");
}

TEST(CreateMultipartUpload, MissingUploadIdOrWrongDocumentIsMalformed) {
  Operation op = create_multipart_upload({"b1", "k", {}});
  for (const std::string& body : {s3_xml("InitiateMultipartUploadResult", "<Bucket>b1</Bucket>"),
                                  s3_xml("ListBucketResult", "<UploadId>x</UploadId>"),
                                  std::string("<InitiateMultipartUploadResult><UploadId>x"), std::string()}) {
    Result<std::string> id = parse_create_multipart_upload(response(200, body), op);
    ASSERT_FALSE(id.ok()) << body;
    EXPECT_EQ(id.error().code, "MalformedResponse") << body;
    EXPECT_EQ(id.error().kind, ErrorKind::kService) << body;
    EXPECT_TRUE(id.error().message.starts_with("CreateMultipartUpload")) << id.error().message;
  }
}

TEST(UploadPart, PutsThePartUnsignedWithItsChecksum) {
  std::string data(64, 'p');
  UploadPartInput input;
  input.bucket = "b1";
  input.key = "big/file.bin";
  input.upload_id = "up/1+x";
  input.part_number = 42;
  input.body.bytes = data;
  input.headers = {{"x-amz-checksum-crc32c", "AAAAAA=="}};
  Operation op = upload_part(input);
  EXPECT_TRUE(is_call(op, "UploadPart", "PUT", "b1", "big/file.bin"));
  EXPECT_EQ(op.query, (Query{{"partNumber", "42"}, {"uploadId", "up/1+x"}}));
  EXPECT_EQ(op.headers, input.headers);
  EXPECT_EQ(op.payload, PayloadSigning::kUnsigned);
  EXPECT_EQ(op.body_view().data(), data.data());
  EXPECT_EQ(op.body_view().size(), 64u);
}

TEST(UploadPart, ResultIsETagAndEchoedChecksums) {
  UploadPartOutput out = parse_upload_part(
      response(200, "", {{"etag", "\"p42\""}, {"x-amz-checksum-crc32c", "AAAAAA=="}, {"x-amz-request-id", "R"}}));
  EXPECT_EQ(out.etag, "\"p42\"");
  EXPECT_EQ(out.checksums, (http::Headers{{"crc32c", "AAAAAA=="}}));
}

TEST(CompleteMultipartUpload, BodyListsThePartsInOrder) {
  CompleteMultipartUploadInput input;
  input.bucket = "b1";
  input.key = "big/file.bin";
  input.upload_id = "u-1";
  input.parts = {{1, "\"e1\"", "ChecksumCRC32C", "AAAAAA=="}, {2, "\"e2\"", "", ""}};
  input.headers = {{"x-amz-checksum-crc32c", "BBBBBB=="}, {"x-amz-checksum-type", "FULL_OBJECT"}};
  Operation op = complete_multipart_upload(input);
  EXPECT_TRUE(is_call(op, "CompleteMultipartUpload", "POST", "b1", "big/file.bin"));
  EXPECT_EQ(op.query, (Query{{"uploadId", "u-1"}}));
  EXPECT_EQ(op.headers, (http::Headers{{"x-amz-checksum-crc32c", "BBBBBB=="},
                                       {"x-amz-checksum-type", "FULL_OBJECT"},
                                       {"Content-Type", "application/xml"}}));
  EXPECT_EQ(op.payload, PayloadSigning::kSigned);
  EXPECT_EQ(op.body_view(), std::string("<CompleteMultipartUpload") + kXmlns +
                                "><Part><PartNumber>1</PartNumber><ETag>\"e1\"</ETag>"
                                "<ChecksumCRC32C>AAAAAA==</ChecksumCRC32C></Part>"
                                "<Part><PartNumber>2</PartNumber><ETag>\"e2\"</ETag></Part>"
                                "</CompleteMultipartUpload>");
}

TEST(CompleteMultipartUpload, ServerReadsBackWhatTheClientWrote) {
  CompleteMultipartUploadInput input{"b1", "k", "u-1",
                                     {{1, "\"e1\"", "ChecksumCRC32C", "AAAAAA=="},
                                      {2, "\"e2\"", "", ""}},
                                     {}};
  auto parsed = parse_complete_multipart_upload_request(complete_multipart_upload(input).body_view());
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  ASSERT_EQ(parsed->size(), 2u);
  EXPECT_EQ((*parsed)[0].part_number, 1);
  EXPECT_EQ((*parsed)[0].etag, "\"e1\"");
  EXPECT_EQ((*parsed)[0].checksum_name, "ChecksumCRC32C");
  EXPECT_EQ((*parsed)[0].checksum_value, "AAAAAA==");
  EXPECT_EQ((*parsed)[1].part_number, 2);
  EXPECT_EQ((*parsed)[1].checksum_name, "");
}

TEST(CompleteMultipartUpload, ServerRefusesBodiesItCannotRead) {
  for (const char* body :
       {"", "not xml <", "<Other/>", "<CompleteMultipartUpload/>",
        "<CompleteMultipartUpload><Part><ETag>e</ETag></Part></CompleteMultipartUpload>",
        "<CompleteMultipartUpload><Part><PartNumber>1x</PartNumber><ETag>e</ETag></Part>"
        "</CompleteMultipartUpload>"}) {
    auto parsed = parse_complete_multipart_upload_request(body);
    ASSERT_FALSE(parsed.ok()) << body;
    EXPECT_EQ(parsed.error().code, "MalformedXML");
    EXPECT_EQ(parsed.error().http_status, 400);
  }
  auto prefixed = parse_complete_multipart_upload_request(
      "<s3:CompleteMultipartUpload xmlns:s3=\"x\"><s3:Part><s3:PartNumber>3</s3:PartNumber>"
      "<s3:ETag>e3</s3:ETag></s3:Part></s3:CompleteMultipartUpload>");
  ASSERT_TRUE(prefixed.ok());
  EXPECT_EQ((*prefixed)[0].part_number, 3);
}

class CompleteResultTest : public ::testing::Test {
 protected:
  Operation op = complete_multipart_upload({"b1", "k", "u-1", {{1, "\"e1\"", "", ""}}, {}});
};

TEST_F(CompleteResultTest, SuccessNamesETagAndLocation) {
  auto out = parse_complete_multipart_upload(
      response(200, s3_xml("CompleteMultipartUploadResult",
                           "<Location>https://b1.s3.amazonaws.com/k</Location><Bucket>b1</Bucket>"
                           "<Key>k</Key><ETag>\"3858f62230ac3c915f300c664312c11f-9\"</ETag>")),
      op);
  ASSERT_TRUE(is_ok(out));
  EXPECT_EQ(out->etag, "\"3858f62230ac3c915f300c664312c11f-9\"");
  EXPECT_EQ(out->location, "https://b1.s3.amazonaws.com/k");
}

TEST_F(CompleteResultTest, ErrorInsideA200IsAnError) {
  // S3 answers 200 at once and may report failure in the body, after whitespace it sent to
  // keep the connection open while it assembled the parts.
  auto out = parse_complete_multipart_upload(
      response(200, "\n   \n<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>InternalError</Code>"
                    "<Message>We encountered an internal error. Please try again.</Message>"
                    "<RequestId>656c76696e6727732072657175657374</RequestId></Error>"),
      op);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind, ErrorKind::kService);
  EXPECT_EQ(out.error().code, "InternalError");
  EXPECT_EQ(out.error().message, "We encountered an internal error. Please try again.");
  EXPECT_EQ(out.error().request_id, "656c76696e6727732072657175657374");
  EXPECT_EQ(out.error().bucket, "b1");
  EXPECT_EQ(out.error().key, "k");
  EXPECT_TRUE(out.error().retryable);
}

TEST_F(CompleteResultTest, PermanentErrorInsideA200IsNotRetryable) {
  auto out = parse_complete_multipart_upload(
      response(200, s3_xml("Error", "<Code>InvalidPart</Code><Message>One or more of the specified parts could not be found.</Message>")),
      op);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code, "InvalidPart");
  EXPECT_FALSE(out.error().retryable);
}

TEST_F(CompleteResultTest, EmptyOrForeignBodyIsMalformed) {
  for (const std::string& body : {std::string(), std::string("   "), s3_xml("InitiateMultipartUploadResult", "")}) {
    auto out = parse_complete_multipart_upload(response(200, body), op);
    ASSERT_FALSE(out.ok()) << "'" << body << "'";
    EXPECT_EQ(out.error().code, "MalformedResponse");
  }
}

TEST(AbortMultipartUpload, DeletesTheUpload) {
  Operation op = abort_multipart_upload("b1", "k", "u-1");
  EXPECT_TRUE(is_call(op, "AbortMultipartUpload", "DELETE", "b1", "k"));
  EXPECT_EQ(op.query, (Query{{"uploadId", "u-1"}}));
  EXPECT_TRUE(op.headers.empty());
}

TEST(ListParts, QueryHasMarkerOnlyWhenResuming) {
  Operation first = list_parts({"b1", "k", "u-1", 0, 1000});
  EXPECT_TRUE(is_call(first, "ListParts", "GET", "b1", "k"));
  EXPECT_EQ(first.query, (Query{{"uploadId", "u-1"}, {"max-parts", "1000"}}));
  Operation next = list_parts({"b1", "k", "u-1", 500, 100});
  EXPECT_EQ(next.query, (Query{{"uploadId", "u-1"}, {"max-parts", "100"}, {"part-number-marker", "500"}}));
}

TEST(ListParts, PartsWithChecksumsAndTruncation) {
  Operation op = list_parts({"b1", "k", "u-1", 0, 2});
  auto page = parse_list_parts(
      response(200, s3_xml("ListPartsResult",
                           "<Bucket>b1</Bucket><Key>k</Key><UploadId>u-1</UploadId>"
                           "<PartNumberMarker>0</PartNumberMarker><NextPartNumberMarker>2</NextPartNumberMarker>"
                           "<MaxParts>2</MaxParts><IsTruncated>true</IsTruncated>"
                           "<Part><PartNumber>1</PartNumber><LastModified>2024-05-01T12:00:00.000Z</LastModified>"
                           "<ETag>\"e1\"</ETag><Size>5242880</Size><ChecksumCRC32C>AAAAAA==</ChecksumCRC32C></Part>"
                           "<Part><PartNumber>2</PartNumber><LastModified>2024-05-01T12:00:01.000Z</LastModified>"
                           "<ETag>\"e2\"</ETag><Size>17</Size><ChecksumCRC64NVME>AAAAAAAAAAA=</ChecksumCRC64NVME>"
                           "<ChecksumSHA256>n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=</ChecksumSHA256></Part>")),
      op);
  ASSERT_TRUE(is_ok(page));
  EXPECT_TRUE(page->is_truncated);
  EXPECT_EQ(page->next_part_number_marker, 2);
  ASSERT_EQ(page->parts.size(), 2u);
  EXPECT_EQ(page->parts[0].part_number, 1);
  EXPECT_EQ(page->parts[0].size, 5242880u);
  EXPECT_EQ(page->parts[0].etag, "\"e1\"");
  EXPECT_EQ(page->parts[0].last_modified, "2024-05-01T12:00:00.000Z");
  EXPECT_EQ(page->parts[0].checksums, (http::Headers{{"crc32c", "AAAAAA=="}}));
  EXPECT_EQ(page->parts[1].part_number, 2);
  EXPECT_EQ(page->parts[1].size, 17u);
  EXPECT_EQ(page->parts[1].checksums,
            (http::Headers{{"crc64nvme", "AAAAAAAAAAA="}, {"sha256", "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg="}}));
}

TEST(ListParts, LastPageAndWrongDocument) {
  Operation op = list_parts({"b1", "k", "u-1", 0, 1000});
  auto last = parse_list_parts(response(200, s3_xml("ListPartsResult", "<IsTruncated>false</IsTruncated>")), op);
  ASSERT_TRUE(is_ok(last));
  EXPECT_FALSE(last->is_truncated);
  EXPECT_EQ(last->next_part_number_marker, 0);
  EXPECT_TRUE(last->parts.empty());
  auto wrong = parse_list_parts(response(200, s3_xml("ListBucketResult", "")), op);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().message, "ListParts response has root <ListBucketResult>, expected <ListPartsResult>");
}

TEST(ListParts, PartNumbersOutsideOneToTenThousandAreRefused) {
  Operation op = list_parts({"b1", "k", "u-1", 0, 1000});
  for (const char* number : {"0", "10001", "4294967297", "x"}) {
    auto page = parse_list_parts(
        response(200, s3_xml("ListPartsResult", std::string("<Part><PartNumber>") + number +
                                                    "</PartNumber><Size>1</Size></Part>")),
        op);
    ASSERT_FALSE(page.ok()) << number;
    EXPECT_EQ(page.error().code, "MalformedResponse");
  }
  auto marker = parse_list_parts(
      response(200, s3_xml("ListPartsResult", "<NextPartNumberMarker>4294967297</NextPartNumberMarker>")), op);
  EXPECT_FALSE(marker.ok());
}

TEST(ListMultipartUploads, QueryAsksForUrlEncodingAndCarriesMarkers) {
  Operation first = list_multipart_uploads({"b1", "", "", "", 1000});
  EXPECT_TRUE(is_call(first, "ListMultipartUploads", "GET", "b1", ""));
  EXPECT_EQ(first.query, (Query{{"uploads", ""}, {"encoding-type", "url"}, {"max-uploads", "1000"}}));
  Operation next = list_multipart_uploads({"b1", "logs/", "logs/a b", "u-9", 50});
  EXPECT_EQ(next.query, (Query{{"uploads", ""},
                               {"encoding-type", "url"},
                               {"max-uploads", "50"},
                               {"prefix", "logs/"},
                               {"key-marker", "logs/a b"},
                               {"upload-id-marker", "u-9"}}));
}

TEST(ListMultipartUploads, EncodedKeysAreDecoded) {
  Operation op = list_multipart_uploads({"b1", "", "", "", 2});
  auto page = parse_list_multipart_uploads(
      response(200, s3_xml("ListMultipartUploadsResult",
                           "<Bucket>b1</Bucket><EncodingType>url</EncodingType>"
                           "<NextKeyMarker>dir%2Fb+c.txt</NextKeyMarker><NextUploadIdMarker>u+2</NextUploadIdMarker>"
                           "<IsTruncated>true</IsTruncated>"
                           "<Upload><Key>dir%2Fa%2Bb.txt</Key><UploadId>u1</UploadId><Initiated>2024-05-01T00:00:00.000Z</Initiated></Upload>"
                           "<Upload><Key>dir%2Fb+c.txt</Key><UploadId>u+2</UploadId><Initiated>2024-05-02T00:00:00.000Z</Initiated></Upload>")),
      op);
  ASSERT_TRUE(is_ok(page));
  EXPECT_TRUE(page->is_truncated);
  EXPECT_EQ(page->next_key_marker, "dir/b c.txt");
  EXPECT_EQ(page->next_upload_id_marker, "u+2");  // ids are not encoded
  ASSERT_EQ(page->uploads.size(), 2u);
  EXPECT_EQ(page->uploads[0].key, "dir/a+b.txt");
  EXPECT_EQ(page->uploads[0].upload_id, "u1");
  EXPECT_EQ(page->uploads[0].initiated, "2024-05-01T00:00:00.000Z");
  EXPECT_EQ(page->uploads[1].key, "dir/b c.txt");
  EXPECT_EQ(page->uploads[1].upload_id, "u+2");
}

TEST(ListMultipartUploads, RawKeysAreKeptWhenTheServerDidNotEncode) {
  Operation op = list_multipart_uploads({"b1", "", "", "", 1000});
  auto page = parse_list_multipart_uploads(
      response(200, s3_xml("ListMultipartUploadsResult",
                           "<IsTruncated>false</IsTruncated><Upload><Key>a+b%20c</Key><UploadId>u1</UploadId></Upload>")),
      op);
  ASSERT_TRUE(is_ok(page));
  ASSERT_EQ(page->uploads.size(), 1u);
  EXPECT_EQ(page->uploads[0].key, "a+b%20c");
  EXPECT_FALSE(page->is_truncated);
}

TEST(ListMultipartUploads, StorageClassIsKeptAndEmptyWhenLeftOut) {
  Operation op = list_multipart_uploads({"b1", "", "", "", 1000});
  auto page = parse_list_multipart_uploads(
      response(200, s3_xml("ListMultipartUploadsResult",
                           "<IsTruncated>false</IsTruncated>"
                           "<Upload><Key>a</Key><UploadId>u1</UploadId>"
                           "<StorageClass>GLACIER</StorageClass></Upload>"
                           "<Upload><Key>b</Key><UploadId>u2</UploadId></Upload>")),
      op);
  ASSERT_TRUE(is_ok(page));
  ASSERT_EQ(page->uploads.size(), 2u);
  EXPECT_EQ(page->uploads[0].storage_class, "GLACIER");
  EXPECT_EQ(page->uploads[1].storage_class, "");
}

}  // namespace
}  // namespace hoist::s3

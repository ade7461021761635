// Error mapping: S3 error responses and transport failures to hoist::Error, and which of them
// a retry may cure.
#include "engine/s3/error_response.h"

#include <gtest/gtest.h>

#include <string>

#include "engine/s3/delete_object.h"
#include "engine/s3/get_object.h"
#include "engine/s3/head_object.h"
#include "engine/s3/bucket_operations.h"
#include "tests/s3/s3_test.h"

namespace hoist::s3 {
namespace {

std::string error_xml(const std::string& code, const std::string& message, const std::string& extra = "") {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message +
         "</Message>" + extra + "</Error>";
}

class ErrorResponseTest : public ::testing::Test {
 protected:
  Operation get = get_object({"b1", "dir/k.txt", std::nullopt, true, "", nullptr, nullptr});
  Operation head = head_object({"b1", "dir/k.txt", true});
  Operation bucket_head = head_bucket("b1");
};

TEST_F(ErrorResponseTest, XmlBodyGivesCodeMessageAndRequestId) {
  Error e = error_from_response(
      response(404, error_xml("NoSuchKey", "The specified key does not exist.", "<Key>dir/k.txt</Key><RequestId>BODYID</RequestId>"),
               {{"x-amz-request-id", "4442587FB7D0A2F9"}}),
      get);
  EXPECT_EQ(e.kind, ErrorKind::kService);
  EXPECT_EQ(e.http_status, 404);
  EXPECT_EQ(e.code, "NoSuchKey");
  EXPECT_EQ(e.message, "The specified key does not exist.");
  EXPECT_EQ(e.request_id, "4442587FB7D0A2F9");  // the header wins over the body
  EXPECT_EQ(e.bucket, "b1");
  EXPECT_EQ(e.key, "dir/k.txt");
  EXPECT_FALSE(e.retryable);
}

TEST_F(ErrorResponseTest, RequestIdFromTheBodyWhenNoHeader) {
  Error e = error_from_response(response(403, error_xml("AccessDenied", "Access Denied", "<RequestId>BODYID</RequestId>")), get);
  EXPECT_EQ(e.code, "AccessDenied");
  EXPECT_EQ(e.request_id, "BODYID");
  EXPECT_FALSE(e.retryable);
}

TEST_F(ErrorResponseTest, HeadWithoutBodyGetsItsCodeFromTheStatus) {
  Error key = error_from_response(response(404, "", {{"x-amz-request-id", "R404"}}), head);
  EXPECT_EQ(key.code, "NoSuchKey");
  EXPECT_EQ(key.message, "Not Found");
  EXPECT_EQ(key.request_id, "R404");
  EXPECT_FALSE(key.retryable);
  Error bucket = error_from_response(response(404), bucket_head);
  EXPECT_EQ(bucket.code, "NoSuchBucket");
  EXPECT_EQ(bucket.bucket, "b1");
  EXPECT_EQ(bucket.key, "");
  Error denied = error_from_response(response(403), head);
  EXPECT_EQ(denied.code, "AccessDenied");
  EXPECT_EQ(denied.message, "Forbidden");
  EXPECT_FALSE(denied.retryable);
  EXPECT_EQ(error_from_response(response(412), head).code, "PreconditionFailed");
  EXPECT_EQ(error_from_response(response(416), head).code, "InvalidRange");
  Error teapot = error_from_response(response(418), head);
  EXPECT_EQ(teapot.code, "HTTP418");
  EXPECT_EQ(teapot.message, "HTTP status 418");
}

TEST_F(ErrorResponseTest, RedirectNamesTheBucketsRegion) {
  Error bare = error_from_response(response(301, "", {{"x-amz-bucket-region", "eu-west-1"}}), bucket_head);
  EXPECT_EQ(bare.code, "PermanentRedirect");
  EXPECT_EQ(bare.message, "the bucket is in another region (bucket is in region eu-west-1; use --region eu-west-1)");
  EXPECT_FALSE(bare.retryable);
  Error with_body = error_from_response(
      response(301, error_xml("PermanentRedirect", "The bucket you are attempting to access must be addressed using the specified endpoint."),
               {{"x-amz-bucket-region", "ap-northeast-1"}}),
      get);
  EXPECT_EQ(with_body.code, "PermanentRedirect");
  EXPECT_EQ(with_body.message,
            "The bucket you are attempting to access must be addressed using the specified endpoint. "
            "(bucket is in region ap-northeast-1; use --region ap-northeast-1)");
  EXPECT_EQ(error_from_response(response(301), get).message, "the bucket is in another region");
}

TEST_F(ErrorResponseTest, TransientServerErrorsAreRetryable) {
  Error slow = error_from_response(response(503, error_xml("SlowDown", "Please reduce your request rate.")), get);
  EXPECT_EQ(slow.code, "SlowDown");
  EXPECT_EQ(slow.http_status, 503);
  EXPECT_TRUE(slow.retryable);
  Error internal = error_from_response(response(500, error_xml("InternalError", "We encountered an internal error.")), get);
  EXPECT_TRUE(internal.retryable);
  Error timeout = error_from_response(response(400, error_xml("RequestTimeout", "Your socket connection to the server was not read from or written to within the timeout period.")), get);
  EXPECT_EQ(timeout.http_status, 400);
  EXPECT_TRUE(timeout.retryable);
  Error bodiless = error_from_response(response(503), head);
  EXPECT_EQ(bodiless.code, "ServiceUnavailable");
  EXPECT_TRUE(bodiless.retryable);
}

TEST_F(ErrorResponseTest, ClockSkewIsNotRetriedWithTheSameClock) {
  Error skew = error_from_response(
      response(403, error_xml("RequestTimeTooSkewed", "The difference between the request time "
                                                      "and the current time is too large.")),
      get);
  EXPECT_EQ(skew.code, "RequestTimeTooSkewed");
  EXPECT_FALSE(skew.retryable);
}

TEST_F(ErrorResponseTest, NonXmlBodyFallsBackToTheStatus) {
  // A proxy or load balancer in front of the store answers with HTML.
  Error e = error_from_response(response(502, "<html><body>Bad Gateway</body></html>"), get);
  EXPECT_EQ(e.code, "HTTP502");
  EXPECT_EQ(e.message, "HTTP status 502");
  EXPECT_TRUE(e.retryable);
  Error garbage = error_from_response(response(500, "not xml at all <"), get);
  EXPECT_EQ(garbage.code, "InternalError");
  EXPECT_TRUE(garbage.retryable);
}

TEST(IsRetryable, ByStatusAndByCode) {
  EXPECT_TRUE(is_retryable(500, "InternalError"));
  EXPECT_TRUE(is_retryable(503, "SlowDown"));
  EXPECT_TRUE(is_retryable(503, ""));
  EXPECT_TRUE(is_retryable(502, ""));
  EXPECT_TRUE(is_retryable(504, ""));
  EXPECT_TRUE(is_retryable(400, "RequestTimeout"));
  EXPECT_TRUE(is_retryable(200, "InternalError"));
  EXPECT_TRUE(is_retryable(400, "Throttling"));
  EXPECT_FALSE(is_retryable(403, "AccessDenied"));
  EXPECT_FALSE(is_retryable(404, "NoSuchKey"));
  EXPECT_FALSE(is_retryable(404, "NoSuchBucket"));
  EXPECT_FALSE(is_retryable(400, "InvalidPart"));
  EXPECT_FALSE(is_retryable(400, "BadDigest"));
  EXPECT_FALSE(is_retryable(409, "BucketNotEmpty"));
  EXPECT_FALSE(is_retryable(501, "NotImplemented"));
}

TEST(ErrorFromTransport, CarriesTheReasonAndRetryability) {
  Operation op = delete_object("b1", "k");
  Error refused = error_from_transport({http::TransportErrorKind::kConnect, "could not connect: refused"}, op);
  EXPECT_EQ(refused.kind, ErrorKind::kTransport);
  EXPECT_EQ(refused.code, "NetworkError");
  EXPECT_EQ(refused.message, "could not connect: refused");
  EXPECT_EQ(refused.http_status, 0);
  EXPECT_EQ(refused.bucket, "b1");
  EXPECT_EQ(refused.key, "k");
  EXPECT_TRUE(refused.retryable);
  EXPECT_TRUE(error_from_transport({http::TransportErrorKind::kConnectionReset, "reset"}, op).retryable);
  EXPECT_FALSE(error_from_transport({http::TransportErrorKind::kTls, "bad certificate"}, op).retryable);
  EXPECT_FALSE(error_from_transport({http::TransportErrorKind::kAborted, "sink"}, op).retryable);
}

TEST(MalformedResponse, NamesTheOperation) {
  Error e = malformed_response(delete_object("b1", "k"), "no UploadId in the response");
  EXPECT_EQ(e.kind, ErrorKind::kService);
  EXPECT_EQ(e.code, "MalformedResponse");
  EXPECT_EQ(e.message, "DeleteObject: no UploadId in the response");
  EXPECT_EQ(e.bucket, "b1");
  EXPECT_EQ(e.key, "k");
  EXPECT_FALSE(e.retryable);
}

}  // namespace
}  // namespace hoist::s3

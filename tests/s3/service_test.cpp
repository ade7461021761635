// Service against a LocalHttpResponder: what a signed request looks like on the wire, how keys
// are encoded in its path, and how failures come back.
#include "engine/s3/service.h"

#include <gtest/gtest.h>
#include <strings.h>

#include <algorithm>
#include <chrono>
#include <regex>
#include <string>
#include <vector>

#include "engine/s3/bucket_operations.h"
#include "engine/s3/complete_multipart_upload.h"
#include "engine/s3/create_multipart_upload.h"
#include "engine/s3/delete_objects.h"
#include "engine/s3/get_object.h"
#include "engine/s3/head_object.h"
#include "engine/s3/list_objects_v2.h"
#include "engine/s3/put_object.h"
#include "engine/s3/upload_part.h"
#include "sigv4/sha256.h"
#include "tests/http/http_test.h"
#include "tests/s3/s3_test.h"

namespace hoist::s3 {
namespace {

using test::CannedResponse;
using test::RecordedRequest;

// 2024-05-01T12:00:00Z
const std::chrono::system_clock::time_point kSigningTime =
    std::chrono::sys_days(std::chrono::year(2024) / 5 / 1) + std::chrono::hours(12);

ServiceOptions options_for(const std::string& endpoint_url) {
  ServiceOptions options;
  Result<Endpoint> endpoint = parse_endpoint(endpoint_url);
  EXPECT_TRUE(is_ok(endpoint));
  if (endpoint.ok()) options.endpoint = *endpoint;
  options.http = http::test_options();
  // Three quick attempts: the retries are what is tested, not the waits between them.
  RetryOptions retry;
  retry.max_attempts = 3;
  retry.base_delay = std::chrono::milliseconds(1);
  options.retry = std::make_shared<RetryPolicy>(retry);
  return options;
}

class ServiceTest : public http::HttpTest {
 protected:
  // A Service for `endpoint_url` with the fixture's credentials.
  Service service_for(const std::string& endpoint_url) {
    return Service(options_for(endpoint_url), [this]() -> Result<sigv4::Credentials> { return credentials; });
  }

  // The path and query each key was sent with, one HEAD request per key.
  std::vector<std::string> wire_targets(const std::vector<std::string>& keys) {
    server.respond_with([](const RecordedRequest&) { return CannedResponse(); });
    for (const std::string& key : keys) EXPECT_TRUE(is_ok(service.execute(head_object({"b1", key, false})))) << key;
    std::vector<std::string> targets;
    for (const RecordedRequest& r : server.requests()) targets.push_back(r.target);
    return targets;
  }

  sigv4::Credentials credentials{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""};
  Service service = service_for(server.url());
};

TEST_F(ServiceTest, RequestArrivesSignedForItsHost) {
  server.respond("PUT", "/b1/dir/file.txt", CannedResponse().with_header("ETag", "\"5d41402abc4b2a76b9719d911017c592\""));
  std::string data = "hello";
  PutObjectInput input;
  input.bucket = "b1";
  input.key = "dir/file.txt";
  input.body.bytes = data;
  Result<http::Response> response = service.execute(put_object(input));
  ASSERT_TRUE(is_ok(response));
  EXPECT_EQ(parse_put_object(*response).etag, "\"5d41402abc4b2a76b9719d911017c592\"");

  RecordedRequest seen = only_request();
  EXPECT_EQ(seen.method, "PUT");
  EXPECT_EQ(seen.target, "/b1/dir/file.txt");
  EXPECT_EQ(seen.body, "hello");
  EXPECT_EQ(seen.header("Content-Length"), "5");
  // The Service adds its own Content-Length; curl must not add a second one.
  EXPECT_EQ(std::count_if(seen.headers.begin(), seen.headers.end(),
                          [](const auto& h) { return strcasecmp(h.first.c_str(), "content-length") == 0; }),
            1);
  EXPECT_EQ(seen.header("host"), "127.0.0.1:" + std::to_string(server.port()));
  EXPECT_EQ(seen.header("x-amz-content-sha256"), "UNSIGNED-PAYLOAD");
  std::string date = seen.header("x-amz-date").value_or("");
  EXPECT_TRUE(std::regex_match(date, std::regex(R"(\d{8}T\d{6}Z)"))) << date;
  std::string authorization = seen.header("authorization").value_or("");
  std::smatch match;
  ASSERT_TRUE(std::regex_match(authorization, match,
                               std::regex("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/(\\d{8})/us-east-1/s3/aws4_request, "
                                          "SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}")))
      << authorization;
  EXPECT_EQ(match[1].str(), date.substr(0, 8));
  EXPECT_EQ(seen.header("x-amz-security-token"), std::nullopt);
}

TEST_F(ServiceTest, SessionTokenTravelsAndIsSigned) {
  credentials.session_token = "FwoGZXIvYXdzEBYaDHsession";
  server.respond("HEAD", "/b1/k", CannedResponse());
  ASSERT_TRUE(is_ok(service.execute(head_object({"b1", "k", true}))));
  RecordedRequest seen = only_request();
  EXPECT_EQ(seen.header("x-amz-security-token"), "FwoGZXIvYXdzEBYaDHsession");
  EXPECT_EQ(seen.header("x-amz-checksum-mode"), "ENABLED");
  EXPECT_NE(seen.header("authorization").value_or("").find(
                "SignedHeaders=host;x-amz-checksum-mode;x-amz-content-sha256;x-amz-date;x-amz-security-token,"),
            std::string::npos)
      << seen.header("authorization").value_or("");
}

TEST_F(ServiceTest, SignedPayloadIsTheHashOfTheBodySent) {
  server.respond_with([](const RecordedRequest&) { return CannedResponse(); });
  ASSERT_TRUE(is_ok(service.execute(create_bucket("b1", "eu-west-1"))));
  ASSERT_TRUE(is_ok(service.execute(create_multipart_upload({"b1", "k", {}}))));
  std::vector<RecordedRequest> seen = server.requests();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].target, "/b1");
  EXPECT_EQ(seen[0].header("Content-Type"), "application/xml");
  EXPECT_FALSE(seen[0].body.empty());
  EXPECT_EQ(seen[0].header("x-amz-content-sha256"), sigv4::hex_sha256(seen[0].body));
  EXPECT_EQ(seen[1].method, "POST");
  EXPECT_EQ(seen[1].target, "/b1/k?uploads=");
  EXPECT_EQ(seen[1].header("Content-Length"), "0");
  EXPECT_EQ(seen[1].header("x-amz-content-sha256"), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_F(ServiceTest, WirePathIsTheEncodedKeyNeverNormalised) {
  EXPECT_EQ(wire_targets({"dir/a b.txt", "c++/x+y", "a//b", "100%", "caf\xC3\xA9", "tilde~-_.ok"}),
            (std::vector<std::string>{"/b1/dir/a%20b.txt", "/b1/c%2B%2B/x%2By", "/b1/a//b", "/b1/100%25",
                                      "/b1/caf%C3%A9", "/b1/tilde~-_.ok"}));
}

TEST_F(ServiceTest, DotSegmentsInKeysReachTheServerAsTheyAre) {
  // "x/../y" names its own object; collapsing it would read or overwrite "y".
  EXPECT_EQ(wire_targets({"x/../y", "./z", "dir/./f", "..", "trailing/."}),
            (std::vector<std::string>{"/b1/x/../y", "/b1/./z", "/b1/dir/./f", "/b1/..", "/b1/trailing/."}));
}

TEST_F(ServiceTest, QueryIsSortedAndEncodedOnTheWire) {
  server.respond("GET", "/b1", CannedResponse().with_body(s3_xml("ListBucketResult", "<IsTruncated>false</IsTruncated>")));
  ASSERT_TRUE(is_ok(service.execute(list_objects_v2({"b1", "a b/", "/", "", "", 1000}))));
  EXPECT_EQ(only_request().target, "/b1?delimiter=%2F&encoding-type=url&list-type=2&max-keys=1000&prefix=a%20b%2F");
}

TEST_F(ServiceTest, BasePathOfTheEndpointPrefixesThePath) {
  Service gateway = service_for(server.url() + "/s3/");
  server.respond("HEAD", "/s3/b1/k", CannedResponse());
  ASSERT_TRUE(is_ok(gateway.execute(head_object({"b1", "k", false}))));
  EXPECT_EQ(only_request().target, "/s3/b1/k");
}

TEST_F(ServiceTest, ServiceUnavailableIsARetryableError) {
  server.respond("GET", "/b1/k", CannedResponse()
                                     .with_status(503)
                                     .with_header("x-amz-request-id", "REQ503")
                                     .with_body("<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>"));
  Result<http::Response> response = service.execute(get_object({"b1", "k", std::nullopt, true, "", nullptr, nullptr}));
  ASSERT_FALSE(response.ok());
  const Error& e = response.error();
  EXPECT_EQ(e.kind, ErrorKind::kService);
  EXPECT_EQ(e.http_status, 503);
  EXPECT_EQ(e.code, "SlowDown");
  EXPECT_EQ(e.message, "Please reduce your request rate.");
  EXPECT_EQ(e.request_id, "REQ503");
  EXPECT_EQ(e.bucket, "b1");
  EXPECT_EQ(e.key, "k");
  EXPECT_TRUE(e.retryable);
  EXPECT_EQ(server.count("GET", "/b1/k"), 3u);  // tried max_attempts times
}

TEST_F(ServiceTest, TransientErrorIsRetriedUntilItSucceeds) {
  server.respond("POST", "/b1", CannedResponse().with_status(500).with_body(
                                    "<Error><Code>InternalError</Code><Message>x</Message></Error>"));
  server.respond("POST", "/b1", CannedResponse().with_body(
                                    "<DeleteResult><Deleted><Key>a</Key></Deleted></DeleteResult>"));
  Result<http::Response> response = service.execute(delete_objects({"b1", {"a"}, false}));
  ASSERT_TRUE(response.ok()) << response.error().describe();
  EXPECT_EQ(server.count("POST", "/b1"), 2u);
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].body, requests[1].body);  // the same body, sent again
}

// A caller that stops (a cancelled transfer) does not sit out the backoff: the wait before
// the next attempt ends, and the last attempt's error comes back.
TEST_F(ServiceTest, AStoppedCallerGetsTheLastErrorInsteadOfARetry) {
  server.respond("POST", "/b1",
                 CannedResponse().with_status(500).with_body(
                     "<Error><Code>InternalError</Code><Message>x</Message></Error>"));
  int asked = 0;
  Result<http::Response> response =
      service.execute(delete_objects({"b1", {"a"}, false}), [&] { return ++asked > 0; });
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, "InternalError");
  EXPECT_EQ(server.count("POST", "/b1"), 1u) << "retried after the caller stopped";
  EXPECT_GT(asked, 0);
}

TEST_F(ServiceTest, ServicesSharingARetryPolicyDrawOnOneBudget) {
  // Budget for exactly one retry, shared by two Services (as a Client's own and its
  // transfers' are): the first spends it, so the second gives up after one attempt.
  RetryOptions retry;
  retry.base_delay = std::chrono::milliseconds(1);
  retry.budget = 5;
  retry.retry_cost = 5;
  retry.success_refund = 0;
  ServiceOptions options = options_for(server.url());
  options.retry = std::make_shared<RetryPolicy>(retry);
  auto creds = [this]() -> Result<sigv4::Credentials> { return credentials; };
  Service first(options, creds);
  Service second(options, creds);
  for (int i = 0; i < 3; ++i) server.respond("GET", "/b1/k", CannedResponse().with_status(500));
  EXPECT_FALSE(first.execute(get_object({"b1", "k", std::nullopt, true, "", nullptr, nullptr})).ok());
  EXPECT_EQ(server.count("GET", "/b1/k"), 2u);
  EXPECT_FALSE(second.execute(get_object({"b1", "k", std::nullopt, true, "", nullptr, nullptr})).ok());
  EXPECT_EQ(server.count("GET", "/b1/k"), 3u);
  EXPECT_EQ(options.retry->retries(), 1u);
}

TEST_F(ServiceTest, ASlowDownToOneServiceSlowsEveryServiceSharingItsOptions) {
  // As a Client's listing Service and its transfers' workers share one throttle.
  ServiceOptions options = options_for(server.url());
  options.throttle = std::make_shared<Throttle>();
  auto creds = [this]() -> Result<sigv4::Credentials> { return credentials; };
  Service listing(options, creds);
  Service worker(options, creds);
  server.respond("GET", "/b1", CannedResponse().with_status(503).with_body(
                                   "<Error><Code>SlowDown</Code><Message>x</Message></Error>"));
  EXPECT_EQ(worker.throttle().allowed_in_flight(16), 16);
  EXPECT_FALSE(listing.execute(list_objects_v2({"b1", "", "", "", "", 1000})).ok());
  EXPECT_EQ(worker.throttle().allowed_in_flight(16), 8);
  EXPECT_EQ(worker.throttle().slow_downs(), 1u);
}

TEST_F(ServiceTest, StreamedRequestsAreNotRetried) {
  server.respond("GET", "/b1/k", CannedResponse().with_status(503));
  GetObjectInput input{"b1", "k", std::nullopt, true, "", nullptr, nullptr};
  input.sink = [](const char*, size_t) { return true; };
  Result<http::Response> response = service.execute(get_object(input));
  ASSERT_FALSE(response.ok());
  EXPECT_TRUE(response.error().retryable);
  EXPECT_EQ(server.count("GET", "/b1/k"), 1u);
}

TEST_F(ServiceTest, AnswerNamingTheBucketsRegionIsRetriedOnceSignedForIt) {
  server.respond("GET", "/b1/k", CannedResponse().with_status(400).with_body(
                                     "<Error><Code>AuthorizationHeaderMalformed</Code><Message>wrong "
                                     "region</Message><Region>eu-west-3</Region></Error>"));
  server.respond("GET", "/b1/k", CannedResponse().with_body("regional"));
  Result<http::Response> response = service.execute(get_object({"b1", "k", std::nullopt, true, "", nullptr, nullptr}));
  ASSERT_TRUE(response.ok()) << response.error().describe();
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_NE(requests[0].header("Authorization")->find("/us-east-1/s3/"), std::string::npos);
  EXPECT_NE(requests[1].header("Authorization")->find("/eu-west-3/s3/"), std::string::npos);
  // Learned: the next request goes signed for eu-west-3 at once.
  ASSERT_TRUE(service.execute(get_object({"b1", "k", std::nullopt, true, "", nullptr, nullptr})).ok());
  EXPECT_NE(server.requests()[2].header("Authorization")->find("/eu-west-3/s3/"), std::string::npos);
}

TEST_F(ServiceTest, RegionRedirectsAreFollowedOnlyOnce) {
  server.respond("GET", "/b1/k", CannedResponse().with_status(301).with_header("x-amz-bucket-region", "eu-west-3"));
  Result<http::Response> first = service.execute(get_object({"b1", "k", std::nullopt, true, "", nullptr, nullptr}));
  ASSERT_FALSE(first.ok());
  EXPECT_EQ(first.error().code, "PermanentRedirect");
  EXPECT_FALSE(first.error().retryable);
  EXPECT_EQ(server.count("GET", "/b1/k"), 2u);  // the first answer, then once in eu-west-3
}

TEST_F(ServiceTest, RegionNamesThatCannotBeRegionsAreIgnored) {
  server.respond("GET", "/b1/k", CannedResponse().with_status(301).with_header(
                                     "x-amz-bucket-region", "evil.example.com/x"));
  Result<http::Response> response = service.execute(get_object({"b1", "k", std::nullopt, true, "", nullptr, nullptr}));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(server.count("GET", "/b1/k"), 1u);
}

TEST_F(ServiceTest, CompleteAnswered200WithAnErrorIsRetried) {
  const std::string failure =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>InternalError</Code>"
      "<Message>retry</Message></Error>";
  server.respond("POST", "/b1/k", CannedResponse().with_body(failure));
  server.respond("POST", "/b1/k", CannedResponse().with_body(
                                      "<CompleteMultipartUploadResult><ETag>\"e-1\"</ETag>"
                                      "</CompleteMultipartUploadResult>"));
  Operation op = complete_multipart_upload({"b1", "k", "u1", {{1, "\"e1\"", "", ""}}, {}});
  Result<http::Response> response = service.execute(op);
  ASSERT_TRUE(response.ok()) << response.error().describe();
  EXPECT_EQ(server.count("POST", "/b1/k"), 2u);
}

TEST_F(ServiceTest, UploadPartAnsweredWithoutAnETagIsARetryableError) {
  server.respond("PUT", "/b1/k", CannedResponse());
  UploadPartInput input;
  input.bucket = "b1";
  input.key = "k";
  input.upload_id = "u1";
  input.part_number = 1;
  input.body.bytes = "part";
  Result<http::Response> response = service.execute(upload_part(input));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, "MalformedResponse");
  EXPECT_EQ(response.error().message, "UploadPart: the answer carries no ETag");
  EXPECT_TRUE(response.error().retryable);
  EXPECT_EQ(server.count("PUT", "/b1/k"), 3u);
}

TEST_F(ServiceTest, NonRetryableErrorIsNotRetried) {
  server.respond("GET", "/b1/k", CannedResponse().with_status(403).with_body(
                                     "<Error><Code>AccessDenied</Code><Message>no</Message></Error>"));
  Result<http::Response> response = service.execute(get_object({"b1", "k", std::nullopt, true, "", nullptr, nullptr}));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(server.count("GET", "/b1/k"), 1u);
}

TEST_F(ServiceTest, MissingObjectOnHeadIsNoSuchKey) {
  server.respond("HEAD", "/b1/gone", CannedResponse().with_status(404));
  Result<http::Response> response = service.execute(head_object({"b1", "gone", true}));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, "NoSuchKey");
  EXPECT_EQ(response.error().http_status, 404);
  EXPECT_FALSE(response.error().retryable);
}

TEST_F(ServiceTest, UnreachableEndpointIsARetryableTransportError) {
  Service nowhere = service_for("http://127.0.0.1:" + std::to_string(test::unused_loopback_port()));
  Result<http::Response> response = nowhere.execute(head_object({"b1", "k", true}));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().kind, ErrorKind::kTransport);
  EXPECT_EQ(response.error().code, "NetworkError");
  EXPECT_EQ(response.error().key, "k");
  EXPECT_TRUE(response.error().retryable);
}

TEST_F(ServiceTest, CredentialsFailureSendsNothing) {
  Error missing;
  missing.kind = ErrorKind::kInvalid;
  missing.code = "NoCredentials";
  missing.message = "no credentials found";
  Service keyless(options_for(server.url()), [&]() -> Result<sigv4::Credentials> { return missing; });
  Result<http::Response> response = keyless.execute(head_object({"b1", "k", true}));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, "NoCredentials");
  EXPECT_TRUE(server.requests().empty());
}

TEST_F(ServiceTest, GetObjectStreamsIntoTheSink) {
  server.respond("GET", "/b1/k", CannedResponse().with_header("x-amz-checksum-crc32c", "AAAAAA==").with_body("object body"));
  std::string received;
  GetObjectInput input{"b1", "k", ByteRange{0, 10}, true, "", nullptr, nullptr};
  input.sink = [&](const char* data, size_t size) {
    received.append(data, size);
    return true;
  };
  Result<http::Response> response = service.execute(get_object(input));
  ASSERT_TRUE(is_ok(response));
  EXPECT_EQ(received, "object body");
  EXPECT_EQ(response->body, "");
  EXPECT_EQ(parse_get_object(*response).checksums, (http::Headers{{"crc32c", "AAAAAA=="}}));
  EXPECT_EQ(only_request().header("Range"), "bytes=0-10");
}

TEST_F(ServiceTest, PreparedRequestIsDeterministicForAGivenTime) {
  Operation op = head_object({"b1", "a b", false});
  Result<http::Request> first = service.prepare(op, kSigningTime);
  Result<http::Request> second = service.prepare(op, kSigningTime);
  ASSERT_TRUE(is_ok(first));
  ASSERT_TRUE(is_ok(second));
  EXPECT_EQ(first->method, "HEAD");
  EXPECT_EQ(first->url, server.url() + "/b1/a%20b");
  EXPECT_EQ(http::find_header(first->headers, "x-amz-date"), "20240501T120000Z");
  EXPECT_EQ(first->headers, second->headers);
}

TEST_F(ServiceTest, PresignedUrlWorksWithoutCredentials) {
  Result<std::string> url = service.presign("GET", "b1", "a b.txt", 3600, kSigningTime);
  ASSERT_TRUE(is_ok(url));
  std::string expected_prefix = server.url() +
                                "/b1/a%20b.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                                "&X-Amz-Credential=AKIDEXAMPLE%2F20240501%2Fus-east-1%2Fs3%2Faws4_request"
                                "&X-Amz-Date=20240501T120000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature=";
  ASSERT_TRUE(url->starts_with(expected_prefix)) << *url;
  EXPECT_TRUE(std::regex_match(url->substr(expected_prefix.size()), std::regex("[0-9a-f]{64}"))) << *url;

  server.respond("GET", "/b1/a%20b.txt", CannedResponse().with_body("shared"));
  http::Request get;
  get.url = *url;
  EXPECT_EQ(answered(std::move(get)).body, "shared");
  EXPECT_EQ(only_request().header("authorization"), std::nullopt);
}

TEST_F(ServiceTest, PresignExpiryMustBeWithinSevenDays) {
  for (long seconds : {0L, -5L, 604801L}) {
    Result<std::string> url = service.presign("GET", "b1", "k", seconds, kSigningTime);
    ASSERT_FALSE(url.ok()) << seconds;
    EXPECT_EQ(url.error().kind, ErrorKind::kInvalid);
    EXPECT_EQ(url.error().code, "InvalidArgument");
    EXPECT_EQ(url.error().key, "k");
  }
  EXPECT_TRUE(is_ok(service.presign("GET", "b1", "k", 604800, kSigningTime)));
  EXPECT_TRUE(is_ok(service.presign("GET", "b1", "k", 1, kSigningTime)));
}

}  // namespace
}  // namespace hoist::s3

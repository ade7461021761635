// Bad input gets a one-line error naming the thing and the reason, the documented exit code,
// and leaves nothing behind.
#include <chrono>

#include "tests/integration/cli_test_fixture.h"
#include "tests/support/local_http_responder.h"

namespace hoist::test {
namespace {

size_t line_count(const std::string& text) { return std::count(text.begin(), text.end(), '\n'); }

TEST_F(CliTest, MissingBucketIsNoSuchBucket) {
  const std::string src = dir_.write_file("f", "x");
  CliResult up = hoist({"cp", src, "s3://no-such-bucket-here/k"});
  EXPECT_EQ(up.exit_code, 1);
  EXPECT_EQ(up.err.rfind("hoist: cp: s3://no-such-bucket-here/k: NoSuchBucket: ", 0), 0u) << up.err;
  EXPECT_EQ(line_count(up.err), 1u) << up.err;

  CliResult ls = hoist({"ls", "s3://no-such-bucket-here"});
  EXPECT_EQ(ls.exit_code, 254);  // a listing S3 refused, as aws-cli
  EXPECT_NE(ls.err.find("NoSuchBucket"), std::string::npos) << ls.err;
}

TEST_F(CliTest, UnknownAccessKeyIsRefused) {
  CliResult ls = hoist({"ls", "s3://" + bucket()}, {{"AWS_ACCESS_KEY_ID", "AKIDNOTKNOWNHERE"}});
  EXPECT_EQ(ls.exit_code, 254);
  EXPECT_NE(ls.err.find("InvalidAccessKeyId"), std::string::npos) << ls.err;
  EXPECT_EQ(line_count(ls.err), 1u) << ls.err;
}

// s3rver 3.7 checks the access key id but does not recompute SigV4 signatures, so the answer
// S3 gives a wrong secret is served here by a local responder speaking S3's error format.
TEST(CliErrorTest, WrongSecretIsSignatureDoesNotMatch) {
  LocalHttpResponder s3;
  s3.respond("GET", "/bucket",
             CannedResponse()
                 .with_status(403)
                 .with_header("x-amz-request-id", "4442587FB7D0A2F9")
                 .with_body("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>"
                            "<Code>SignatureDoesNotMatch</Code><Message>The request "
                            "signature we calculated does not match the signature you "
                            "provided.</Message><RequestId>4442587FB7D0A2F9</RequestId>"
                            "</Error>"));
  CliResult ls = run_hoist({"--endpoint-url", s3.url(), "ls", "s3://bucket"},
                           {{"AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"},
                            {"AWS_SECRET_ACCESS_KEY", "not-the-secret"},
                            {"AWS_REGION", "us-east-1"},
                            {"AWS_EC2_METADATA_DISABLED", "true"}});
  EXPECT_EQ(ls.exit_code, 254);
  EXPECT_EQ(ls.err,
            "hoist: ls: s3://bucket: SignatureDoesNotMatch: The request signature we calculated "
            "does not match the signature you provided. (request id 4442587FB7D0A2F9)\n");
  EXPECT_EQ(ls.err.find("not-the-secret"), std::string::npos) << "secret leaked: " << ls.err;
  ASSERT_EQ(s3.requests().size(), 1u);
  auto authorization = s3.requests()[0].header("authorization");
  ASSERT_TRUE(authorization.has_value());
  EXPECT_EQ(authorization->rfind("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/", 0), 0u);
}

// --no-sign-request against a server that allows anonymous reads (a public bucket, here a
// local responder speaking S3): the listing and the object arrive, no request carries an
// Authorization header, and no credentials are needed at all.
TEST(CliAnonymousTest, NoSignRequestReadsAPublicBucketWithoutCredentials) {
  LocalHttpResponder s3;
  s3.respond("GET", "/public",
             CannedResponse().with_body(
                 "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult>"
                 "<Name>public</Name><Prefix></Prefix><KeyCount>1</KeyCount><MaxKeys>1000</MaxKeys>"
                 "<IsTruncated>false</IsTruncated><Contents><Key>open.txt</Key>"
                 "<LastModified>2026-01-02T03:04:05.000Z</LastModified><ETag>&quot;"
                 "d41d8cd98f00b204e9800998ecf8427e&quot;</ETag><Size>5</Size>"
                 "<StorageClass>STANDARD</StorageClass></Contents></ListBucketResult>"));
  s3.respond("HEAD", "/public/open.txt", CannedResponse().with_body("hello"));
  s3.respond("GET", "/public/open.txt", CannedResponse().with_body("hello"));
  const std::map<std::string, std::string> env = {{"AWS_ACCESS_KEY_ID", ""},
                                                  {"AWS_SECRET_ACCESS_KEY", ""},
                                                  {"AWS_SHARED_CREDENTIALS_FILE", "/dev/null"},
                                                  {"AWS_CONFIG_FILE", "/dev/null"},
                                                  {"AWS_REGION", "us-east-1"},
                                                  {"AWS_EC2_METADATA_DISABLED", "true"}};
  CliResult ls =
      run_hoist({"--endpoint-url", s3.url(), "--no-sign-request", "ls", "s3://public"}, env);
  EXPECT_EQ(ls.exit_code, 0) << ls.err;
  EXPECT_NE(ls.out.find(" open.txt\n"), std::string::npos) << ls.out;
  CliResult get = run_hoist(
      {"--endpoint-url", s3.url(), "--no-sign-request", "cp", "s3://public/open.txt", "-"}, env);
  EXPECT_EQ(get.exit_code, 0) << get.err;
  EXPECT_EQ(get.out, "hello");
  ASSERT_GE(s3.requests().size(), 2u);
  for (const auto& request : s3.requests()) {
    EXPECT_FALSE(request.header("authorization").has_value()) << request.target;
  }
  // Without the flag and without credentials, it is a configuration error.
  CliResult signed_ls = run_hoist({"--endpoint-url", s3.url(), "ls", "s3://public"}, env);
  EXPECT_EQ(signed_ls.exit_code, 253) << signed_ls.err;
}

TEST_F(CliTest, UnreachableEndpointFailsFastWithClearError) {
  // A loopback port nobody listens on: refused at once, well within the connect timeout.
  auto start = std::chrono::steady_clock::now();
  CliResult ls = run_hoist({"--endpoint-url", "http://127.0.0.1:9", "ls", "s3://b"},
                           server_->client_environment());
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(ls.exit_code, 255);  // as aws-cli when it cannot connect
  EXPECT_NE(ls.err.find("could not connect"), std::string::npos) << ls.err;
  EXPECT_LT(elapsed, std::chrono::seconds(5));
}

TEST_F(CliTest, MalformedS3UrlIsUsageError) {
  for (const char* bad : {"s3://", "s3:///key", "s3://bad bucket/key"}) {
    CliResult ls = hoist({"ls", bad});
    EXPECT_EQ(ls.exit_code, 252) << bad;
    EXPECT_NE(ls.err.find("is not a valid S3 URL"), std::string::npos) << ls.err;
  }
  CliResult cp = hoist({"cp", "a", "b"});
  EXPECT_EQ(cp.exit_code, 252);
  CliResult unknown = hoist({"frobnicate"});
  EXPECT_EQ(unknown.exit_code, 252);
  CliResult presign = hoist({"presign", "s3://b/k", "--expires-in", "604801"});
  EXPECT_EQ(presign.exit_code, 252);
  EXPECT_NE(presign.err.find("604800"), std::string::npos) << presign.err;
}

TEST_F(CliTest, MissingLocalFileCreatesNothingRemotely) {
  const std::string missing = dir_.path() + "/does-not-exist.txt";
  CliResult up = hoist({"cp", missing, "s3://" + bucket() + "/k"});
  EXPECT_EQ(up.exit_code, 255);  // as aws-cli: the source path does not exist
  EXPECT_EQ(up.err, "hoist: cp: " + missing + ": NoSuchFile: No such file or directory\n");
  CliResult ls = hoist({"ls", "--recursive", "s3://" + bucket()});
  EXPECT_EQ(ls.exit_code, 0);
  EXPECT_EQ(ls.out, "");
}

TEST_F(CliTest, FailedDownloadLeavesNoFile) {
  const std::string dst = dir_.path() + "/never.txt";
  CliResult down = hoist({"cp", "s3://" + bucket() + "/missing-key", dst});
  EXPECT_EQ(down.exit_code, 1);
  EXPECT_NE(down.err.find("NoSuchKey"), std::string::npos) << down.err;
  EXPECT_NE(::access(dst.c_str(), F_OK), 0);
  // Nothing else either: no temporary file left beside it.
  CliResult listing = run_program("/bin/ls", {"-A", dir_.path()});
  EXPECT_EQ(listing.out, "");
}

TEST_F(CliTest, HelpDocumentsEveryVerb) {
  CliResult help = run_hoist({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  for (const char* verb : {"ls", "cp", "rm", "mb", "rb", "presign"}) {
    EXPECT_NE(help.out.find(std::string("  ") + verb), std::string::npos) << verb;
    CliResult verb_help = run_hoist({verb, "--help"});
    EXPECT_EQ(verb_help.exit_code, 0) << verb;
    EXPECT_NE(verb_help.out.find("Usage"), std::string::npos) << verb_help.out;
  }
}

}  // namespace
}  // namespace hoist::test

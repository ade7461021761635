// `hoist ls --uploads` and `hoist rm --uploads`: finding and aborting the multipart uploads an
// interrupted transfer leaves behind. The uploads are started with aws-cli
// (`s3api create-multipart-upload`), as a crashed client would have started them.
//
// s3rver 3.7.1 answers ListMultipartUploads (GET ?uploads) with NotImplemented and routes no
// AbortMultipartUpload, so against it only the error reports are checked and the tests that
// need the calls are skipped (see test_server_lists_multipart_uploads()). A refused abort is
// checked against a scripted server, in both binaries.
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <string_view>

#include "tests/integration/cli_test_fixture.h"
#include "tests/support/local_http_responder.h"

namespace hoist::test {
namespace {

class CliUploadsTest : public CliTest {
 protected:
  void SetUp() override {
    if (!test_server_lists_multipart_uploads()) {
      GTEST_SKIP() << "the server does not implement ListMultipartUploads";
    }
  }

  // Starts a multipart upload of `key` in the test's bucket and returns its upload id.
  std::string start_upload(const std::string& key) {
    CliResult r =
        run_program("/usr/bin/aws",
                    {"--endpoint-url", server_->endpoint(), "s3api", "create-multipart-upload",
                     "--bucket", bucket(), "--key", key, "--query", "UploadId", "--output", "text"},
                    server_->client_environment());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    while (!r.out.empty() && (r.out.back() == '\n' || r.out.back() == '\r')) r.out.pop_back();
    return r.out;
  }

  std::string url(const std::string& key) { return "s3://" + bucket() + "/" + key; }
};

TEST_F(CliUploadsTest, ListUploadsPrintsEachUploadInProgressOncePerLine) {
  const std::string a = start_upload("logs/a");
  const std::string b1 = start_upload("logs/b c");
  const std::string b2 = start_upload("logs/b c");
  start_upload("other");

  CliResult ls = hoist({"ls", "--uploads", url("logs/")});
  ASSERT_EQ(ls.exit_code, 0) << ls.err;
  // <initiated, local time>  <upload id>  <key>; by key, then in the order they were started.
  const std::string t = R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d  )";
  EXPECT_TRUE(std::regex_match(
      ls.out, std::regex(t + a + "  logs/a\n" + t + b1 + "  logs/b c\n" + t + b2 + "  logs/b c\n")))
      << ls.out;

  CliResult all = hoist({"ls", "--uploads", "--recursive", "s3://" + bucket()});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_EQ(std::count(all.out.begin(), all.out.end(), '\n'), 4) << all.out;

  // Starting "logs/b c" in a folder of its own, so that "logs/b c" names it as rm -r would.
  const std::string c1 = start_upload("logs/b c/1");
  CliResult folder = hoist({"ls", "--uploads", url("logs/b c")});
  ASSERT_EQ(folder.exit_code, 0) << folder.err;
  EXPECT_TRUE(std::regex_match(folder.out, std::regex(t + c1 + "  logs/b c/1\n"))) << folder.out;

  CliResult json = hoist({"--output", "json", "ls", "--uploads", url("logs/")});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const nlohmann::json listed = nlohmann::json::parse(json.out);
  ASSERT_TRUE(listed.is_array()) << json.out;
  ASSERT_EQ(listed.size(), 4u) << json.out;
  EXPECT_EQ(listed[1]["key"], "logs/b c");
  EXPECT_EQ(listed[1]["upload_id"], b1);
  EXPECT_EQ(listed[2]["upload_id"], b2);
  EXPECT_EQ(listed[3]["upload_id"], c1);
  EXPECT_FALSE(listed[1]["initiated"].get<std::string>().empty()) << json.out;
  EXPECT_TRUE(listed[1].contains("storage_class")) << json.out;

  CliResult none = hoist({"--output", "json", "ls", "--uploads", url("nothing/")});
  ASSERT_EQ(none.exit_code, 0) << none.err;
  EXPECT_EQ(none.out, "[]\n");

  CliResult no_bucket = hoist({"ls", "--uploads"});
  EXPECT_EQ(no_bucket.exit_code, 252);
  EXPECT_NE(no_bucket.err.find("--uploads needs s3://bucket"), std::string::npos) << no_bucket.err;
}

TEST_F(CliUploadsTest, RemoveUploadsAbortsThemAndDeletesNoObject) {
  const std::string src = dir_.write_file("f", "kept");
  ASSERT_EQ(hoist({"cp", src, url("logs/keep")}).exit_code, 0);
  const std::string a = start_upload("logs/a");
  const std::string b = start_upload("logs/b");
  const std::string other = start_upload("other");

  CliResult dry = hoist({"rm", "--uploads", "--dryrun", url("logs/")});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_EQ(dry.out, "(dryrun) abort: " + url("logs/a") + " (upload " + a + ")\n" +
                         "(dryrun) abort: " + url("logs/b") + " (upload " + b + ")\n");
  CliResult still = hoist({"ls", "--uploads", "s3://" + bucket()});
  EXPECT_EQ(std::count(still.out.begin(), still.out.end(), '\n'), 3) << still.out;

  // --recursive is what --uploads implies anyway, so it is accepted.
  CliResult rm = hoist({"rm", "--uploads", "--recursive", url("logs/")});
  ASSERT_EQ(rm.exit_code, 0) << rm.err;
  EXPECT_EQ(rm.out, "abort: " + url("logs/a") + " (upload " + a + ")\n" +
                        "abort: " + url("logs/b") + " (upload " + b + ")\n");

  CliResult left = hoist({"ls", "--uploads", "s3://" + bucket()});
  ASSERT_EQ(left.exit_code, 0) << left.err;
  EXPECT_NE(left.out.find("  " + other + "  other\n"), std::string::npos) << left.out;
  EXPECT_EQ(left.out.find("logs/"), std::string::npos) << left.out;
  CliResult objects = hoist({"ls", "--recursive", "s3://" + bucket()});
  EXPECT_NE(objects.out.find(" logs/keep\n"), std::string::npos) << objects.out;

  CliResult nothing = hoist({"rm", "--uploads", url("logs/")});
  EXPECT_EQ(nothing.exit_code, 0) << nothing.err;
  EXPECT_EQ(nothing.out, "");
}

// Both servers check the bucket before anything else.
TEST_F(CliTest, RemoveUploadsInMissingBucketFailsWithTheS3Error) {
  const std::string missing = "s3://no-such-bucket-" + std::to_string(::getpid());
  CliResult rm = hoist({"rm", "--uploads", missing});
  EXPECT_EQ(rm.exit_code, 1);
  EXPECT_NE(rm.err.find("hoist: rm: " + missing + ": NoSuchBucket"), std::string::npos) << rm.err;
}

// A listing of two pages (the second reached through the markers the first names) and an
// abort the server refuses: the refusal is reported with the upload it concerns, the other
// uploads are still aborted, and the exit status says something failed. A scripted server,
// because no real one can be made to refuse one abort on cue.
TEST(CliUploadsScriptedTest, FailedAbortIsReportedAndTheOthersAreStillAborted) {
  LocalHttpResponder server;
  server.respond_with([](const RecordedRequest& request) {
    const auto has = [&](std::string_view text) {
      return request.target.find(text) != std::string::npos;
    };
    const std::string xml = R"(<?xml version="1.0" encoding="UTF-8"?>)";
    if (request.method == "GET" && !has("key-marker")) {
      return CannedResponse().with_body(
          xml +
          "<ListMultipartUploadsResult><Bucket>bkt</Bucket><IsTruncated>true</IsTruncated>"
          "<NextKeyMarker>a</NextKeyMarker><NextUploadIdMarker>u2</NextUploadIdMarker>"
          "<Upload><Key>a</Key><UploadId>u1</UploadId></Upload>"
          "<Upload><Key>a</Key><UploadId>u2</UploadId></Upload>"
          "</ListMultipartUploadsResult>");
    }
    if (request.method == "GET" && has("key-marker=a") && has("upload-id-marker=u2")) {
      return CannedResponse().with_body(
          xml +
          "<ListMultipartUploadsResult><Bucket>bkt</Bucket><IsTruncated>false</IsTruncated>"
          "<Upload><Key>b</Key><UploadId>u3</UploadId></Upload>"
          "</ListMultipartUploadsResult>");
    }
    if (request.method == "DELETE" && has("uploadId=u2")) {
      return CannedResponse().with_status(404).with_body(
          xml +
          "<Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist."
          "</Message><RequestId>R2</RequestId></Error>");
    }
    if (request.method == "DELETE") return CannedResponse().with_status(204);
    return CannedResponse().with_status(400);
  });
  const std::map<std::string, std::string> env = isolated_environment("AKIDTEST", "secret");

  CliResult ls = run_hoist({"--endpoint-url", server.url(), "ls", "--uploads", "s3://bkt"}, env);
  ASSERT_EQ(ls.exit_code, 0) << ls.err;
  EXPECT_EQ(ls.out, "  u1  a\n  u2  a\n  u3  b\n");  // no Initiated sent: none printed

  CliResult rm = run_hoist({"--endpoint-url", server.url(), "rm", "--uploads", "s3://bkt"}, env);
  EXPECT_EQ(rm.exit_code, 1);
  EXPECT_EQ(rm.out, "abort: s3://bkt/a (upload u1)\nabort: s3://bkt/b (upload u3)\n");
  EXPECT_EQ(rm.err,
            "hoist: rm: s3://bkt/a (upload u2): NoSuchUpload: The specified upload does not "
            "exist. (request id R2)\n");
  EXPECT_EQ(server.count("DELETE", "/bkt/a"), 2u);
  EXPECT_EQ(server.count("DELETE", "/bkt/b"), 1u);
}

// Where the server lacks the calls, the CLI says so with S3's error and fails; it never
// reports an empty listing or a clean bucket.
TEST_F(CliTest, UploadCallsTheServerLacksAreReportedAsFailures) {
  if (test_server_lists_multipart_uploads()) GTEST_SKIP() << "the server lists uploads";
  CliResult ls = hoist({"ls", "--uploads", "s3://" + bucket()});
  EXPECT_EQ(ls.exit_code, 254);  // a listing S3 refused
  EXPECT_EQ(ls.out, "");
  EXPECT_NE(ls.err.find("hoist: ls: s3://" + bucket() + ": NotImplemented"), std::string::npos)
      << ls.err;
  CliResult rm = hoist({"rm", "--uploads", "s3://" + bucket()});
  EXPECT_EQ(rm.exit_code, 1);
  EXPECT_NE(rm.err.find("NotImplemented"), std::string::npos) << rm.err;
}

}  // namespace
}  // namespace hoist::test

// The CLI against servers that answer strangely, broken or hostile: each case must end in a
// clear one-line error or a correct retry; never a crash, a hang, a file presented as complete
// that is not, or a multipart upload left open. The server is ScriptedS3: honest except where
// a test's hook answers instead.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

#include "tests/integration/scripted_s3.h"
#include "tests/support/temp_directory.h"
#include "tests/support/test_bytes.h"

namespace hoist::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr int kExitFailed = 1;
constexpr int kExitListingRefused = 254;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Every entry below `dir`, temporary files included: a failed download must leave nothing.
std::vector<std::string> entries_below(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    out.push_back(fs::relative(e.path(), dir).string());
  }
  return out;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The run ended by itself with `code`, not by a signal (a crash or abort reads as -1).
#define EXPECT_EXIT_CODE(result, code)                                                      \
  EXPECT_EQ((result).exit_code, (code)) << "stdout:\n" << (result).out << "stderr:\n" << (result).err

// One line of error output: the message names the problem, nothing else is printed.
void expect_one_line_error(const CliResult& result, const std::string& part) {
  EXPECT_TRUE(contains(result.err, part)) << result.err;
  EXPECT_FALSE(contains(result.err, "terminate called")) << result.err;
}

class HostileServerTest : public ::testing::Test {
 protected:
  std::string path(const std::string& name) const { return dir_.path() + "/" + name; }

  ScriptedS3 s3_;
  TempDirectory dir_;
};

// --- False successes -----------------------------------------------------------------------

TEST_F(HostileServerTest, GetWhoseBytesMismatchTheChecksumHeadGaveFails) {
  const std::string data = xorshift_bytes(4000, 7);
  s3_.put("k", data);
  s3_.intercept([&](const RecordedRequest& r, int) -> std::optional<CannedResponse> {
    if (r.method != "GET" || r.path != "/bkt/k") return std::nullopt;
    std::string corrupt = data;
    corrupt[100] ^= 1;
    // The same object (same ETag), the bytes damaged, and no checksum headers on the GET.
    return CannedResponse().with_header("ETag", s3_.honest(r).headers[0].second).with_body(corrupt);
  });
  CliResult cp = s3_.hoist({"cp", "s3://bkt/k", path("out")});
  EXPECT_EXIT_CODE(cp, kExitFailed);
  expect_one_line_error(cp, "BadDigest");
  EXPECT_TRUE(entries_below(dir_.path()).empty());
}

// verify --download reads objects back through the transfer engine: bytes that contradict
// the object's stored checksum make the entry differ, whether the object came in one GET or
// in ranges whose CRCs are combined, and entries are reported in the walk's order although
// the downloads run in parallel.
TEST_F(HostileServerTest, VerifyDownloadNamesObjectsWhoseBytesMismatchTheirStoredChecksum) {
  const std::string small = xorshift_bytes(4000, 11);
  const std::string big = xorshift_bytes(20u << 20, 12);  // ranged: larger than one part
  const std::string tree = path("tree");
  fs::create_directories(tree);
  for (const auto& [name, data] :
       {std::pair{"a-big", big}, std::pair{"b-small", small}, std::pair{"c-intact", small}}) {
    s3_.put(std::string("t/") + name, data);
    std::ofstream(tree + "/" + name, std::ios::binary) << data;
  }
  s3_.intercept([&](const RecordedRequest& r, int) -> std::optional<CannedResponse> {
    if (r.method != "GET" || r.path.rfind("/bkt/t/c-", 0) == 0 || r.path.rfind("/bkt/t/", 0) != 0) {
      return std::nullopt;
    }
    CannedResponse answer = s3_.honest(r);  // honest headers, one bit of the body flipped
    answer.body[10] ^= 1;
    return answer;
  });
  CliResult verify = s3_.hoist({"verify", "--download", tree, "s3://bkt/t"});
  EXPECT_EXIT_CODE(verify, kExitFailed);
  const size_t first = verify.out.find("differs: " + tree + "/a-big (CRC64NVME of the downloaded");
  const size_t second =
      verify.out.find("differs: " + tree + "/b-small (CRC64NVME of the downloaded");
  EXPECT_NE(first, std::string::npos) << verify.out;
  EXPECT_NE(second, std::string::npos) << verify.out;
  EXPECT_LT(first, second) << verify.out;
  EXPECT_TRUE(contains(verify.out, "1 match, 2 differ")) << verify.out;
}

TEST_F(HostileServerTest, VerifyDownloadChecksARangeCutShortFromTheStartOfItsRetry) {
  // verify --download streams each range of a large object through its CRC, keeping no
  // bytes: a range whose first answer breaks off midway is hashed afresh when retried.
  const std::string big = xorshift_bytes(20u << 20, 13);
  const std::string tree = path("tree");
  fs::create_directories(tree);
  s3_.put("t/big", big);
  std::ofstream(tree + "/big", std::ios::binary) << big;
  std::atomic<int> cut{0};
  s3_.intercept([&](const RecordedRequest& r, int) -> std::optional<CannedResponse> {
    const auto range = r.header("Range");
    if (r.method != "GET" || !range || range->rfind("bytes=8388608-", 0) != 0 || cut++ > 0) {
      return std::nullopt;
    }
    CannedResponse honest = s3_.honest(r);
    const std::string whole = honest.body;
    return honest.with_header("Content-Length", std::to_string(whole.size()))
        .with_body(whole.substr(0, whole.size() / 2))
        .closing_connection();
  });
  CliResult verify = s3_.hoist({"verify", "--download", tree, "s3://bkt/t"});
  EXPECT_EXIT_CODE(verify, 0);
  EXPECT_EQ(cut.load(), 2) << "the cut range was not asked for again";
  EXPECT_TRUE(contains(verify.out, "1 match")) << verify.out;
}

TEST_F(HostileServerTest, ImplausibleContentLengthFromHeadIsRefused) {
  s3_.put("k", "hello");
  for (const char* length : {"18446744073709551615", "9223372036854775807", "12abc", "-1"}) {
    s3_.intercept([&](const RecordedRequest& r, int) -> std::optional<CannedResponse> {
      if (r.method != "HEAD") return std::nullopt;
      return s3_.honest(r).with_header("Content-Length", length);
    });
    CliResult cp = s3_.hoist({"cp", "s3://bkt/k", path("out")});
    EXPECT_EXIT_CODE(cp, kExitFailed);
    // curl itself refuses what is not a number it can hold; the rest hoist refuses.
    EXPECT_TRUE(contains(cp.err, "is not an object size S3 can have") ||
                contains(cp.err, "Invalid Content-Length"))
        << length << ": " << cp.err;
    EXPECT_TRUE(entries_below(dir_.path()).empty()) << length;
  }
}

TEST_F(HostileServerTest, UploadPartAnsweredWithoutETagIsRetriedThenFailsWithoutLeavingTheUpload) {
  const std::string data = xorshift_bytes(12 << 20, 3);
  std::ofstream(path("big"), std::ios::binary) << data;
  // Every UploadPart of part 2 answers 200 without an ETag.
  s3_.intercept([&](const RecordedRequest& r, int) -> std::optional<CannedResponse> {
    if (r.method == "PUT" && contains(r.target, "partNumber=2&")) return CannedResponse();
    return std::nullopt;
  });
  CliResult cp = s3_.hoist({"cp", path("big"), "s3://bkt/big", "--part-size", "5MiB"});
  EXPECT_EXIT_CODE(cp, kExitFailed);
  expect_one_line_error(cp, "no ETag");
  EXPECT_FALSE(s3_.object("big"));
  EXPECT_EQ(s3_.open_uploads(), 0u);

  // Once only: the retry is answered properly and the object is whole.
  s3_.intercept([&](const RecordedRequest& r, int nth) -> std::optional<CannedResponse> {
    if (r.method == "PUT" && contains(r.target, "partNumber=2&") && nth == 1) {
      return CannedResponse();
    }
    return std::nullopt;
  });
  CliResult again = s3_.hoist({"cp", path("big"), "s3://bkt/big2", "--part-size", "5MiB"});
  EXPECT_EXIT_CODE(again, 0);
  EXPECT_TRUE(s3_.object("big2") == data) << "big2 differs";
  EXPECT_EQ(s3_.open_uploads(), 0u);
}

TEST_F(HostileServerTest, CompleteAnswered200WithAnErrorBodyIsRetried) {
  const std::string data = xorshift_bytes(11 << 20, 5);
  std::ofstream(path("big"), std::ios::binary) << data;
  int completes = 0;
  s3_.intercept([&](const RecordedRequest& r, int) -> std::optional<CannedResponse> {
    if (r.method == "POST" && contains(r.target, "uploadId=") && ++completes == 1) {
      return CannedResponse().with_body(
          "\n  <?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>InternalError</Code>"
          "<Message>We encountered an internal error. Please try again.</Message></Error>");
    }
    return std::nullopt;
  });
  CliResult cp = s3_.hoist({"cp", path("big"), "s3://bkt/big", "--part-size", "5MiB"});
  EXPECT_EXIT_CODE(cp, 0);
  EXPECT_EQ(completes, 2);
  EXPECT_TRUE(s3_.object("big") == data) << "big differs";
  EXPECT_EQ(s3_.open_uploads(), 0u);
}

// --- Listings ------------------------------------------------------------------------------

TEST_F(HostileServerTest, NamesOutsideTheRequestedPrefixAreRefusedNotUsed) {
  s3_.put("dir/a", "a");
  s3_.put("keep", "precious");
  const std::vector<std::vector<ScriptedS3::Listed>> pages = {
      {{"d"}},           // shorter than the prefix
      {{"keep"}},        // elsewhere in the bucket
      {{"dir/../x"}, {"other/y"}},
  };
  for (const auto& page : pages) {
    s3_.intercept([&](const RecordedRequest& r, int) -> std::optional<CannedResponse> {
      if (r.method != "GET" || !contains(r.target, "list-type=2")) return std::nullopt;
      return CannedResponse().with_body(ScriptedS3::list_page(page, false, ""));
    });
    CliResult ls = s3_.hoist({"ls", "s3://bkt/dir/"});
    EXPECT_EXIT_CODE(ls, kExitListingRefused);
    expect_one_line_error(ls, "outside the requested prefix \"dir/\"");
    CliResult cp = s3_.hoist({"cp", "-r", "s3://bkt/dir", path("out")});
    EXPECT_NE(cp.exit_code, 0);
    EXPECT_NE(cp.exit_code, -1);
    expect_one_line_error(cp, "outside the requested prefix");
    CliResult rm = s3_.hoist({"rm", "-r", "s3://bkt/dir"});
    EXPECT_EXIT_CODE(rm, kExitFailed);
    expect_one_line_error(rm, "outside the requested prefix");
    EXPECT_EQ(s3_.object("keep"), "precious");  // nothing deleted outside dir/
    EXPECT_EQ(s3_.object("dir/a"), "a");        // nor inside: the listing was refused
  }
  // Common prefixes too.
  s3_.intercept([&](const RecordedRequest& r, int) -> std::optional<CannedResponse> {
    if (r.method != "GET" || !contains(r.target, "list-type=2")) return std::nullopt;
    return CannedResponse().with_body(ScriptedS3::list_page({}, false, "", {"a/"}));
  });
  CliResult ls = s3_.hoist({"ls", "s3://bkt/dir/sub"});
  EXPECT_EXIT_CODE(ls, kExitListingRefused);
  expect_one_line_error(ls, "common prefix \"a/\" is outside");
  EXPECT_FALSE(fs::exists(path("out/a")));
}

TEST_F(HostileServerTest, ListingThatRepeatsItsTokenIsRefused) {
  s3_.intercept([&](const RecordedRequest& r, int) -> std::optional<CannedResponse> {
    if (r.method != "GET" || !contains(r.target, "list-type=2")) return std::nullopt;
    return CannedResponse().with_body(ScriptedS3::list_page({{"p/a"}}, true, "same-token"));
  });
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"ls", "s3://bkt/p/"},
        {"cp", "-r", "s3://bkt/p", path("out")},
        {"sync", "s3://bkt/p", path("synced")},
        {"rm", "-r", "--dryrun", "s3://bkt/p"}}) {
    CliResult run = s3_.hoist(args);
    EXPECT_NE(run.exit_code, 0) << args[0];
    EXPECT_NE(run.exit_code, -1) << args[0];
    expect_one_line_error(run, "continuation token it gave before");
  }
}

TEST_F(HostileServerTest, EndlessEmptyPagesAreRefused) {
  s3_.intercept([&](const RecordedRequest& r, int nth) -> std::optional<CannedResponse> {
    if (r.method != "GET" || !contains(r.target, "list-type=2")) return std::nullopt;
    return CannedResponse().with_body(
        ScriptedS3::list_page({}, true, "token-" + std::to_string(nth)));
  });
  CliResult ls = s3_.hoist({"ls", "s3://bkt/p/"});
  EXPECT_EXIT_CODE(ls, kExitListingRefused);
  expect_one_line_error(ls, "empty pages in a row");
}

TEST_F(HostileServerTest, SigtermStopsARecursiveCopyWaitingOnASlowListing) {
  s3_.intercept([&](const RecordedRequest& r, int nth) -> std::optional<CannedResponse> {
    if (r.method != "GET" || !contains(r.target, "list-type=2")) return std::nullopt;
    return CannedResponse()
        .with_body(ScriptedS3::list_page({}, true, "token-" + std::to_string(nth)))
        .with_delay(300ms);
  });
  const std::string out = path("out");
  std::vector<std::string> args = {HOIST_CLI_PATH, "--endpoint-url", s3_.url(), "cp", "-r",
                                   "s3://bkt/p", out};
  const auto env = merged_environment(s3_.environment());
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
    envp.push_back(nullptr);
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  std::this_thread::sleep_for(1500ms);
  const auto sent = std::chrono::steady_clock::now();
  kill(child, SIGTERM);
  int status = 0;
  waitpid(child, &status, 0);
  const auto waited = std::chrono::steady_clock::now() - sent;
  ASSERT_TRUE(WIFEXITED(status)) << "ended by signal " << WTERMSIG(status);
  EXPECT_EQ(WEXITSTATUS(status), 130);
  EXPECT_LT(waited, 5s);
}

TEST_F(HostileServerTest, DocumentTypeDeclarationsAreRefused) {
  s3_.intercept([&](const RecordedRequest& r, int) -> std::optional<CannedResponse> {
    if (r.method != "GET" || !contains(r.target, "list-type=2")) return std::nullopt;
    return CannedResponse().with_body(
        "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 "
        "\"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]><ListBucketResult><IsTruncated>false"
        "</IsTruncated><Contents><Key>&lol2;</Key><Size>1</Size></Contents></ListBucketResult>");
  });
  CliResult ls = s3_.hoist({"ls", "s3://bkt/"});
  EXPECT_EXIT_CODE(ls, kExitListingRefused);
  expect_one_line_error(ls, "declares a document type");
  EXPECT_FALSE(contains(ls.out, "lol"));
}

TEST_F(HostileServerTest, MalformedAndTruncatedListingsFailClearly) {
  for (const std::string& body : {std::string("<ListBucketResult><Contents><Key>a</Key>"),
                           std::string("not xml at all"),
                           std::string("<Other/>")}) {
    s3_.intercept([&](const RecordedRequest& r, int) -> std::optional<CannedResponse> {
      if (r.method != "GET" || !contains(r.target, "list-type=2")) return std::nullopt;
      return CannedResponse().with_body(body);
    });
    CliResult ls = s3_.hoist({"ls", "s3://bkt/"});
    EXPECT_EXIT_CODE(ls, kExitListingRefused);
    expect_one_line_error(ls, "MalformedResponse");
  }
}

// --- Keys that are not text ----------------------------------------------------------------

TEST_F(HostileServerTest, KeysThatAreNotUtf8OrHoldEscapesArePrintedEscaped) {
  const std::string not_utf8 = std::string("p/bad\xff\xfe") + ".txt";
  const std::string escape = "p/\x1b[31mred\x1b[0m";
  s3_.put(not_utf8, "one");
  s3_.put(escape, "two");
  CliResult text = s3_.hoist({"ls", "-r", "s3://bkt/p/"});
  EXPECT_EXIT_CODE(text, 0);
  EXPECT_TRUE(contains(text.out, "p/bad\\xFF\\xFE.txt")) << text.out;
  EXPECT_TRUE(contains(text.out, "p/\\x1B[31mred\\x1B[0m")) << text.out;
  EXPECT_FALSE(contains(text.out, "\x1b")) << text.out;

  CliResult json = s3_.hoist({"--output", "json", "ls", "-r", "s3://bkt/p/"});
  EXPECT_EXIT_CODE(json, 0);
  EXPECT_TRUE(contains(json.out, "p/bad\\\\xFF\\\\xFE.txt")) << json.out;
  EXPECT_TRUE(contains(json.out, "\\u001b[31mred")) << json.out;

  // Downloads keep the key's bytes in the file name; their lines are escaped.
  CliResult cp = s3_.hoist({"cp", "-r", "s3://bkt/p", path("out")});
  EXPECT_EXIT_CODE(cp, 0);
  EXPECT_EQ(read_file(path("out/bad\xff\xfe.txt")), "one");
  EXPECT_EQ(read_file(path("out/\x1b[31mred\x1b[0m")), "two");
  EXPECT_FALSE(contains(cp.out + cp.err, "\x1b[31m")) << cp.out;

  CliResult sync = s3_.hoist({"--output", "json", "sync", "s3://bkt/p", path("synced")});
  EXPECT_EXIT_CODE(sync, 0);
  EXPECT_EQ(read_file(path("synced/bad\xff\xfe.txt")), "one");
}

// --- Bodies, headers, stalls ---------------------------------------------------------------

TEST_F(HostileServerTest, BodiesShorterOrLongerThanContentLengthNeverMakeAFile) {
  const std::string data = xorshift_bytes(3000, 9);
  s3_.put("k", data);
  // Shorter: the connection closes after half the promised bytes, on every attempt.
  s3_.intercept([&](const RecordedRequest& r, int) -> std::optional<CannedResponse> {
    if (r.method != "GET") return std::nullopt;
    return s3_.honest(r).with_header("Content-Length", std::to_string(data.size()))
        .with_body(data.substr(0, 1500))
        .closing_connection();
  });
  CliResult shorter = s3_.hoist({"cp", "s3://bkt/k", path("out")});
  EXPECT_EXIT_CODE(shorter, kExitFailed);
  EXPECT_TRUE(entries_below(dir_.path()).empty());

  // Longer: the headers promise fewer bytes than the object has; what arrives is checked
  // against the object's checksum (from HeadObject) and refused.
  s3_.intercept([&](const RecordedRequest& r, int) -> std::optional<CannedResponse> {
    if (r.method != "GET") return std::nullopt;
    CannedResponse honest = s3_.honest(r);
    CannedResponse lying;
    lying.with_header("ETag", honest.headers[0].second)
        .with_header("Content-Length", "1000")
        .with_body(data)
        .closing_connection();
    return lying;
  });
  CliResult longer = s3_.hoist({"cp", "s3://bkt/k", path("out")});
  EXPECT_EXIT_CODE(longer, kExitFailed);
  EXPECT_TRUE(entries_below(dir_.path()).empty());
}

TEST_F(HostileServerTest, HugeHeaderBlockFailsClearly) {
  s3_.put("k", "data");
  s3_.intercept([&](const RecordedRequest& r, int) -> std::optional<CannedResponse> {
    if (r.method != "HEAD") return std::nullopt;
    return s3_.honest(r).with_header("x-amz-meta-big", std::string(1100 << 10, 'a'));
  });
  CliResult cp = s3_.hoist({"cp", "s3://bkt/k", path("out")});
  EXPECT_NE(cp.exit_code, 0);
  EXPECT_NE(cp.exit_code, -1);
  EXPECT_LT(cp.err.size(), 2000u) << "the header is not echoed";
  EXPECT_TRUE(entries_below(dir_.path()).empty());
}

TEST_F(HostileServerTest, RedirectLoopEndsWithAnError) {
  s3_.put("k", "data");
  s3_.intercept([&](const RecordedRequest& r, int) -> std::optional<CannedResponse> {
    return CannedResponse().with_status(307).with_header("Location", s3_.url() + r.target);
  });
  CliResult cp = s3_.hoist({"cp", "s3://bkt/k", path("out")});
  EXPECT_NE(cp.exit_code, 0);
  EXPECT_NE(cp.exit_code, -1);
  expect_one_line_error(cp, "307");
  EXPECT_TRUE(entries_below(dir_.path()).empty());
}

TEST_F(HostileServerTest, DrippingBodyIsAbandonedAndRetried) {
  const std::string data = xorshift_bytes(2000, 11);
  s3_.put("k", data);
  s3_.intercept([&](const RecordedRequest& r, int nth) -> std::optional<CannedResponse> {
    if (r.method != "GET" || nth != 1) return std::nullopt;
    return s3_.honest(r).dripping(1s);  // one byte a second, the connection kept alive
  });
  const auto start = std::chrono::steady_clock::now();
  CliResult cp = s3_.hoist({"--cli-read-timeout", "2", "cp", "s3://bkt/k", path("out")});
  EXPECT_EXIT_CODE(cp, 0);
  EXPECT_TRUE(read_file(path("out")) == data) << "out differs";
  EXPECT_LT(std::chrono::steady_clock::now() - start, 20s);
}

// --- Regions -------------------------------------------------------------------------------

TEST_F(HostileServerTest, AnswerNamingAnotherRegionIsFollowedOnce) {
  s3_.put("k", "regional");
  for (bool redirect : {true, false}) {
    s3_.server().clear_requests();
    s3_.intercept([&](const RecordedRequest& r, int) -> std::optional<CannedResponse> {
      std::optional<std::string> auth = r.header("Authorization");
      if (auth && contains(*auth, "/eu-west-3/s3/")) return std::nullopt;  // the right region
      if (redirect) {
        return CannedResponse()
            .with_status(301)
            .with_header("x-amz-bucket-region", "eu-west-3")
            .with_body("<Error><Code>PermanentRedirect</Code><Message>The bucket you are "
                       "attempting to access must be addressed using the specified endpoint."
                       "</Message></Error>");
      }
      return CannedResponse().with_status(400).with_header("x-amz-bucket-region", "eu-west-3").with_body(
          "<Error><Code>AuthorizationHeaderMalformed</Code><Message>the region 'us-east-1' is "
          "wrong; expecting 'eu-west-3'</Message><Region>eu-west-3</Region></Error>");
    });
    CliResult cp = s3_.hoist({"--debug", "cp", "s3://bkt/k", path("out")});
    EXPECT_EXIT_CODE(cp, 0);
    EXPECT_EQ(read_file(path("out")), "regional");
    EXPECT_TRUE(contains(cp.err, "bucket bkt is in region eu-west-3")) << cp.err;
    fs::remove(path("out"));
  }
  // A server that names a region and then refuses it too is not followed round in circles.
  s3_.server().clear_requests();
  s3_.intercept([&](const RecordedRequest&, int) -> std::optional<CannedResponse> {
    return CannedResponse().with_status(301).with_header("x-amz-bucket-region", "eu-west-3");
  });
  CliResult cp = s3_.hoist({"cp", "s3://bkt/k", path("out")});
  EXPECT_EXIT_CODE(cp, kExitFailed);
  expect_one_line_error(cp, "eu-west-3");
  EXPECT_LE(s3_.server().count("HEAD", "/bkt/k"), 2u);
}

// --- Credentials services ------------------------------------------------------------------

TEST_F(HostileServerTest, MetadataTokenWithLineBreaksIsNotSent) {
  LocalHttpResponder imds;
  imds.respond("PUT", "/latest/api/token",
               CannedResponse().with_body("token\r\nX-Injected: yes"));
  imds.respond_with([](const RecordedRequest&) { return CannedResponse().with_status(404); });
  auto env = s3_.environment();
  env["AWS_ACCESS_KEY_ID"] = "";
  env["AWS_SECRET_ACCESS_KEY"] = "";
  env["AWS_EC2_METADATA_DISABLED"] = "";
  env["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = imds.url();
  CliResult ls = run_hoist({"--endpoint-url", s3_.url(), "ls", "s3://bkt/"}, env);
  EXPECT_EXIT_CODE(ls, 253);
  expect_one_line_error(ls, "session token with characters a header cannot carry");
  for (const RecordedRequest& r : imds.requests()) EXPECT_FALSE(r.header("X-Injected"));
  for (const RecordedRequest& r : s3_.server().requests()) EXPECT_FALSE(r.header("X-Injected"));
}

}  // namespace
}  // namespace hoist::test

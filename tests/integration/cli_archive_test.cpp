// Archived objects end to end against hoist serve: downloads skip GLACIER and DEEP_ARCHIVE
// objects that are not restored (a line each, counted, exit 2 unless
// --ignore-glacier-warnings) and copy the rest; `hoist restore-request` (one object, or
// --recursive) starts restores, reports those in progress or done, and refuses objects that
// are not archived; the server answers RestoreObject and GetObject as S3 does. One server
// restores at once, the other after --restore-delay, so the in-between state can be seen.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/integration/hoist_cli.h"
#include "tests/integration/serve_process.h"
#include "tests/support/temp_directory.h"
#include "tests/support/test_bytes.h"

namespace hoist::test {
namespace {

// Long enough for the checks made while a restore is in progress, even on a loaded machine
// under the sanitizers.
constexpr int kRestoreDelaySeconds = 8;

class CliArchiveTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    instant_ = std::make_unique<ServeProcess>();
    delayed_ = std::make_unique<ServeProcess>(
        std::vector<std::string>{"--restore-delay", std::to_string(kRestoreDelaySeconds)});
  }
  static void TearDownTestSuite() {
    instant_.reset();
    delayed_.reset();
  }

  static CliResult hoist(const ServeProcess& server, std::vector<std::string> args) {
    args.insert(args.begin(), {"--endpoint-url", server.endpoint()});
    return run_hoist(args, server.client_environment());
  }

  // Runs a Python script with `s3` a boto3 client for `server` that does not retry, and
  // BUCKET the test's bucket there.
  CliResult python(const ServeProcess& server, const std::string& body) {
    const std::string script =
        "import boto3, botocore, os\n"
        "from botocore.config import Config\n"
        "s3 = boto3.client('s3', endpoint_url=os.environ['ENDPOINT'],\n"
        "                  config=Config(retries={'total_max_attempts': 1}))\n"
        "BUCKET = os.environ['BUCKET']\n"
        "def code(call):\n"
        "    try:\n"
        "        call()\n"
        "        return 'ok'\n"
        "    except botocore.exceptions.ClientError as e:\n"
        "        return e.response['Error']['Code'] + ' ' + \\\n"
        "            str(e.response['ResponseMetadata']['HTTPStatusCode'])\n" +
        body;
    auto env = server.client_environment();
    env["ENDPOINT"] = server.endpoint();
    env["BUCKET"] = bucket(server);
    return run_program("/usr/bin/python3", {"-c", script}, env);
  }

  // A bucket for the running test on `server`, made on first use.
  std::string bucket(const ServeProcess& server) {
    const std::string name =
        "archive-" + std::to_string(test_number_) + (&server == instant_.get() ? "-i" : "-d");
    if (made_.insert(name).second) {
      CliResult made = hoist(server, {"mb", "s3://" + name});
      EXPECT_EQ(made.exit_code, 0) << made.err;
    }
    return name;
  }

  void SetUp() override { test_number_ = ++counter_; }

  // Uploads a tree under s3://<bucket>/p/ on `server`: archived a (GLACIER), b (DEEP_ARCHIVE)
  // and big (GLACIER, multipart, read back in ranges), and readable c (STANDARD), d
  // (GLACIER_IR) and e (STANDARD_IA).
  void upload_tree(const ServeProcess& server) {
    const std::string b = bucket(server);
    for (const auto& [key, storage_class] : kTree) {
      const std::string bytes = content(key);
      const std::string file = dir_.write_file("src/" + key, bytes);
      CliResult put = hoist(server, {"cp", file, "s3://" + b + "/p/" + key, "--storage-class",
                                     storage_class, "--multipart-threshold", "5MiB"});
      ASSERT_EQ(put.exit_code, 0) << key << ": " << put.err;
    }
  }

  static std::string content(const std::string& key) {
    return key == "big" ? xorshift_bytes((9 << 20) + 3, 7) : "content of " + key;
  }

  static std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }

  // The names in `dir` (recursively, relative), so leftovers such as temporary files show.
  static std::set<std::string> files_in(const std::string& dir) {
    std::set<std::string> out;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
      out.insert(std::filesystem::relative(entry.path(), dir).string());
    }
    return out;
  }

  std::string skipped_line(const std::string& key, const std::string& storage_class,
                           const ServeProcess& server) {
    const std::string url = "s3://" + bucket(server) + "/p/" + key;
    return "skipped: " + url + " is in " + storage_class +
           " and not restored (hoist restore-request " + url + " --days N)\n";
  }

  static inline const std::vector<std::pair<std::string, std::string>> kTree = {
      {"a", "GLACIER"},  {"b", "DEEP_ARCHIVE"}, {"big", "GLACIER"},
      {"c", "STANDARD"}, {"d", "GLACIER_IR"},   {"e", "STANDARD_IA"}};

  static inline std::unique_ptr<ServeProcess> instant_;
  static inline std::unique_ptr<ServeProcess> delayed_;
  static inline int counter_ = 0;
  int test_number_ = 0;
  std::set<std::string> made_;
  TempDirectory dir_;
};

TEST_F(CliArchiveTest, DownloadsSkipArchivedObjectsAndCopyTheRest) {
  upload_tree(*instant_);
  const std::string prefix = "s3://" + bucket(*instant_) + "/p";
  const std::string out = dir_.path() + "/out";
  CliResult get = hoist(*instant_, {"cp", "-r", prefix, out});
  EXPECT_EQ(get.exit_code, 2) << get.err;
  for (const auto& [key, storage_class] : kTree) {
    const bool archived = storage_class == "GLACIER" || storage_class == "DEEP_ARCHIVE";
    EXPECT_EQ(get.err.find(skipped_line(key, storage_class, *instant_)) != std::string::npos,
              archived)
        << key << ": " << get.err;
    if (!archived) {
      EXPECT_EQ(read_file(out + "/" + key), content(key)) << key;
    }
  }
  EXPECT_EQ(files_in(out), (std::set<std::string>{"c", "d", "e"}));
  EXPECT_NE(get.err.find("downloaded: 3 objects"), std::string::npos) << get.err;
  EXPECT_NE(get.err.find(", 3 skipped (archived, not restored)"), std::string::npos) << get.err;
  EXPECT_EQ(get.err.find("hoist: cp:"), std::string::npos) << "no object failed: " << get.err;

  CliResult json = hoist(*instant_, {"--output", "json", "cp", "-r", prefix, dir_.path() + "/j"});
  EXPECT_EQ(json.exit_code, 2) << json.err;
  const nlohmann::json summary = nlohmann::json::parse(json.out);
  EXPECT_EQ(summary["archived_skipped"], 3) << json.out;
  EXPECT_EQ(summary["failures"], 0) << json.out;
  EXPECT_EQ(summary["objects"], 3) << json.out;
  EXPECT_TRUE(summary["errors"].empty()) << json.out;

  CliResult quiet =
      hoist(*instant_, {"cp", "-r", prefix, dir_.path() + "/q", "--ignore-glacier-warnings"});
  EXPECT_EQ(quiet.exit_code, 0) << quiet.err;
  EXPECT_EQ(quiet.err.find("skipped: "), std::string::npos) << quiet.err;
  EXPECT_EQ(files_in(dir_.path() + "/q"), (std::set<std::string>{"c", "d", "e"}));

  // One object, by a single GET and by ranges (9 MiB), is skipped the same way.
  for (const char* key : {"a", "big"}) {
    CliResult one = hoist(*instant_, {"cp", prefix + "/" + key, dir_.path() + "/one"});
    EXPECT_EQ(one.exit_code, 2) << one.err;
    EXPECT_EQ(one.err, skipped_line(key, "GLACIER", *instant_));
    EXPECT_FALSE(std::filesystem::exists(dir_.path() + "/one")) << key;
  }
}

TEST_F(CliArchiveTest, RestoreRequestThenDownloadGetsEverything) {
  upload_tree(*instant_);
  const std::string prefix = "s3://" + bucket(*instant_) + "/p";
  CliResult one = hoist(*instant_, {"restore-request", prefix + "/a", "--days", "1"});
  EXPECT_EQ(one.exit_code, 0) << one.err;
  EXPECT_EQ(one.out, "restore requested: " + prefix + "/a\n");
  CliResult head = python(*instant_, "print(s3.head_object(Bucket=BUCKET, Key='p/a')['Restore'])");
  EXPECT_EQ(head.exit_code, 0) << head.err;
  EXPECT_EQ(head.out.rfind("ongoing-request=\"false\", expiry-date=\"", 0), 0u) << head.out;

  CliResult all =
      hoist(*instant_, {"restore-request", prefix, "--recursive", "--days", "2", "--tier", "Bulk"});
  EXPECT_EQ(all.exit_code, 0) << all.err;
  EXPECT_EQ(all.out, "already restored: " + prefix + "/a\nrestore requested: " + prefix +
                         "/b\nrestore requested: " + prefix + "/big\n");
  EXPECT_EQ(all.err,
            "restore-request: 2 requested, 0 in progress, 1 already restored, 3 not archived "
            "(skipped), 0 failed\n");

  const std::string out = dir_.path() + "/out";
  CliResult get = hoist(*instant_, {"cp", "-r", prefix, out});
  EXPECT_EQ(get.exit_code, 0) << get.err;
  for (const auto& [key, storage_class] : kTree) {
    EXPECT_EQ(read_file(out + "/" + key), content(key)) << key;
  }
}

// "p" names the folder "p/", as in every recursive verb: archived "px" and "p2/x" beside it
// are not restored through it.
TEST_F(CliArchiveTest, RestoreRequestRecursiveRestoresOnlyTheFolderThePrefixNames) {
  const std::string b = bucket(*instant_);
  for (const std::string key : {"p/a", "px", "p2/x"}) {
    const std::string file = dir_.write_file("near/" + key, "content of " + key);
    CliResult put =
        hoist(*instant_, {"cp", file, "s3://" + b + "/" + key, "--storage-class", "GLACIER"});
    ASSERT_EQ(put.exit_code, 0) << key << ": " << put.err;
  }
  for (const std::string prefix : {"p", "p/"}) {
    CliResult request =
        hoist(*instant_, {"restore-request", "s3://" + b + "/" + prefix, "-r", "--days", "1"});
    EXPECT_EQ(request.exit_code, 0) << request.err;
    EXPECT_EQ(request.out.find("px"), std::string::npos) << request.out;
    EXPECT_EQ(request.out.find("p2/"), std::string::npos) << request.out;
  }
  CliResult restored = python(*instant_,
                              "for k in ['p/a', 'px', 'p2/x']:\n"
                              "  print(k, 'Restore' in s3.head_object(Bucket=BUCKET, Key=k))");
  EXPECT_EQ(restored.exit_code, 0) << restored.err;
  EXPECT_EQ(restored.out, "p/a True\npx False\np2/x False\n");
}

TEST_F(CliArchiveTest, DuringARestoreDownloadsStillSkipAndRestoreRequestSaysInProgress) {
  const std::string b = bucket(*delayed_);
  const std::string url = "s3://" + b + "/p/a";
  const std::string file = dir_.write_file("a", "content of a");
  ASSERT_EQ(hoist(*delayed_, {"cp", file, url, "--storage-class", "DEEP_ARCHIVE"}).exit_code, 0);
  CliResult first =
      hoist(*delayed_, {"restore-request", url, "--days", "1", "--tier", "Expedited"});
  EXPECT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.out, "restore requested: " + url + "\n");
  const auto requested = std::chrono::steady_clock::now();

  CliResult again = hoist(*delayed_, {"restore-request", url, "--days", "1"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.out, "restore in progress: " + url + "\n");
  CliResult head = python(*delayed_, "print(s3.head_object(Bucket=BUCKET, Key='p/a')['Restore'])");
  EXPECT_EQ(head.out, "ongoing-request=\"true\"\n") << head.err;
  CliResult during = hoist(*delayed_, {"cp", url, dir_.path() + "/during"});
  EXPECT_EQ(during.exit_code, 2) << during.err;
  EXPECT_NE(during.err.find("skipped: " + url + " is in DEEP_ARCHIVE and not restored"),
            std::string::npos)
      << during.err;
  ASSERT_LT(std::chrono::steady_clock::now() - requested,
            std::chrono::seconds(kRestoreDelaySeconds))
      << "the machine is too slow to see the restore in progress";

  std::this_thread::sleep_until(requested + std::chrono::seconds(kRestoreDelaySeconds) +
                                std::chrono::milliseconds(200));
  CliResult after = hoist(*delayed_, {"cp", url, dir_.path() + "/after"});
  EXPECT_EQ(after.exit_code, 0) << after.err;
  EXPECT_EQ(read_file(dir_.path() + "/after"), "content of a");
  CliResult done = hoist(*delayed_, {"restore-request", url, "--days", "3"});
  EXPECT_EQ(done.out, "already restored: " + url + "\n") << done.err;
}

TEST_F(CliArchiveTest, SyncUploadsInTheClassAndItsDownloadsSkipArchivedObjects) {
  const std::string b = bucket(*instant_);
  dir_.write_file("up/cold/a", "content of a");
  dir_.write_file("up/cold/b", "content of b");
  const std::string prefix = "s3://" + b + "/s";
  CliResult up = hoist(*instant_, {"sync", dir_.path() + "/up/cold", prefix + "/cold",
                                   "--storage-class", "DEEP_ARCHIVE"});
  ASSERT_EQ(up.exit_code, 0) << up.err;
  dir_.write_file("up/warm/c", "content of c");
  ASSERT_EQ(hoist(*instant_, {"sync", dir_.path() + "/up/warm", prefix + "/warm"}).exit_code, 0);
  CliResult listed = python(*instant_, R"(
for o in s3.list_objects_v2(Bucket=BUCKET)['Contents']:
    print(o['Key'], o['StorageClass'])
)");
  EXPECT_EQ(listed.out, "s/cold/a DEEP_ARCHIVE\ns/cold/b DEEP_ARCHIVE\ns/warm/c STANDARD\n")
      << listed.err;

  const std::string down = dir_.path() + "/down";
  CliResult skipped = hoist(*instant_, {"sync", prefix, down});
  EXPECT_EQ(skipped.exit_code, 2) << skipped.err;
  for (const char* key : {"a", "b"}) {
    const std::string url = prefix + "/cold/" + key;
    EXPECT_NE(skipped.err.find("skipped: " + url + " is in DEEP_ARCHIVE and not restored"),
              std::string::npos)
        << skipped.err;
  }
  // Directories are made as objects are queued, before S3 refuses the archived ones.
  EXPECT_EQ(files_in(down), (std::set<std::string>{"cold", "warm", "warm/c"}));
  CliResult ignored = hoist(*instant_, {"sync", prefix, down, "--ignore-glacier-warnings"});
  EXPECT_EQ(ignored.exit_code, 0) << ignored.err;
  EXPECT_EQ(ignored.err.find("skipped: "), std::string::npos) << ignored.err;

  ASSERT_EQ(hoist(*instant_, {"restore-request", prefix, "-r", "--days", "1"}).exit_code, 0);
  CliResult restored = hoist(*instant_, {"sync", prefix, down});
  EXPECT_EQ(restored.exit_code, 0) << restored.err;
  EXPECT_EQ(read_file(down + "/cold/a"), "content of a");
  EXPECT_EQ(read_file(down + "/cold/b"), "content of b");
}

TEST_F(CliArchiveTest, RestoreRequestRefusesWhatIsNotArchivedAndBadInput) {
  upload_tree(*instant_);
  const std::string prefix = "s3://" + bucket(*instant_) + "/p";
  CliResult standard = hoist(*instant_, {"restore-request", prefix + "/c", "--days", "1"});
  EXPECT_EQ(standard.exit_code, 1);
  EXPECT_EQ(standard.err.rfind("hoist: restore-request: " + prefix +
                                   "/c: InvalidObjectState: Restore is not allowed for the "
                                   "object's current storage class (request id ",
                               0),
            0u)
      << standard.err;
  CliResult missing = hoist(*instant_, {"restore-request", prefix + "/zz", "--days", "1"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find(prefix + "/zz: NoSuchKey"), std::string::npos) << missing.err;

  const std::vector<std::pair<std::vector<std::string>, std::string>> bad = {
      {{prefix + "/a", "--days", "0"}, "--days: Value 0 not in range 1 to 2147483647"},
      {{prefix + "/a", "--days", "x"}, "--days"},
      {{prefix + "/a"}, "--days is required"},
      {{prefix + "/a", "--days", "1", "--tier", "Fast"}, "--tier: Fast not in"},
      {{prefix + "/", "--days", "1"}, "names a prefix, not an object (use --recursive"},
      {{"/local/path", "--days", "1"}, "s3://"},
  };
  for (const auto& [args, message] : bad) {
    std::vector<std::string> full = {"restore-request"};
    full.insert(full.end(), args.begin(), args.end());
    CliResult r = hoist(*instant_, full);
    EXPECT_EQ(r.exit_code, 252) << message << ": " << r.err;
    const std::string first_line = r.err.substr(0, r.err.find('\n'));
    EXPECT_EQ(first_line.rfind("hoist: restore-request: ", 0), 0u) << r.err;
    EXPECT_NE(first_line.find(message), std::string::npos) << r.err;
  }
}

TEST_F(CliArchiveTest, ServeAnswersRestoreObjectAndGetObjectAsS3Does) {
  // On the delayed server: archived GET refused, 202, then 409 while in progress; not archived
  // refused; bad bodies and classes refused; uploads list their class.
  CliResult delayed = python(*delayed_, R"(
s3.put_object(Bucket=BUCKET, Key='g', Body=b'x', StorageClass='GLACIER')
s3.put_object(Bucket=BUCKET, Key='s', Body=b'x')
s3.put_object(Bucket=BUCKET, Key='ir', Body=b'x', StorageClass='GLACIER_IR')
print('get', code(lambda: s3.get_object(Bucket=BUCKET, Key='g')))
print('get-range', code(lambda: s3.get_object(Bucket=BUCKET, Key='g', Range='bytes=0-0')))
print('get-ir', code(lambda: s3.get_object(Bucket=BUCKET, Key='ir')))
print('head', 'Restore' in s3.head_object(Bucket=BUCKET, Key='g'))
r = s3.restore_object(Bucket=BUCKET, Key='g', RestoreRequest={'Days': 1})
print('restore', r['ResponseMetadata']['HTTPStatusCode'])
print('again', code(lambda: s3.restore_object(Bucket=BUCKET, Key='g', RestoreRequest={'Days': 1})))
print('standard', code(lambda: s3.restore_object(Bucket=BUCKET, Key='s', RestoreRequest={'Days': 1})))
print('no-days', code(lambda: s3.restore_object(Bucket=BUCKET, Key='g',
      RestoreRequest={'GlacierJobParameters': {'Tier': 'Bulk'}})))
print('missing', code(lambda: s3.restore_object(Bucket=BUCKET, Key='nope', RestoreRequest={'Days': 1})))
print('class', code(lambda: s3.put_object(Bucket=BUCKET, Key='k', Body=b'x', StorageClass='COLD')))
print('mpu-class', code(lambda: s3.create_multipart_upload(Bucket=BUCKET, Key='k', StorageClass='COLD')))
s3.create_multipart_upload(Bucket=BUCKET, Key='u', StorageClass='DEEP_ARCHIVE')
print('uploads', [u['StorageClass'] for u in s3.list_multipart_uploads(Bucket=BUCKET)['Uploads']])
)");
  EXPECT_EQ(delayed.exit_code, 0) << delayed.err;
  EXPECT_EQ(delayed.out,
            "get InvalidObjectState 403\n"
            "get-range InvalidObjectState 403\n"
            "get-ir ok\n"
            "head False\n"
            "restore 202\n"
            "again RestoreAlreadyInProgress 409\n"
            "standard InvalidObjectState 403\n"
            "no-days MalformedXML 400\n"
            "missing NoSuchKey 404\n"
            "class InvalidStorageClass 400\n"
            "mpu-class InvalidStorageClass 400\n"
            "uploads ['DEEP_ARCHIVE']\n")
      << delayed.err;

  // On the instant server: 202, then 200 for an object already restored, and a replaced
  // object is archived again.
  CliResult instant = python(*instant_, R"(
s3.put_object(Bucket=BUCKET, Key='g', Body=b'x', StorageClass='DEEP_ARCHIVE')
for _ in range(2):
    r = s3.restore_object(Bucket=BUCKET, Key='g', RestoreRequest={'Days': 1})
    print('restore', r['ResponseMetadata']['HTTPStatusCode'])
print('get', code(lambda: s3.get_object(Bucket=BUCKET, Key='g')))
s3.put_object(Bucket=BUCKET, Key='g', Body=b'y', StorageClass='DEEP_ARCHIVE')
print('replaced', code(lambda: s3.get_object(Bucket=BUCKET, Key='g')))
)");
  EXPECT_EQ(instant.exit_code, 0) << instant.err;
  EXPECT_EQ(instant.out, "restore 202\nrestore 200\nget ok\nreplaced InvalidObjectState 403\n")
      << instant.err;
}

}  // namespace
}  // namespace hoist::test

// `hoist verify` end to end, against each server: a synced tree verifies (exit 0); a
// same-size edit, a file missing from the bucket and an extra object are each named (exit 1,
// and per-file results in --output json); --download reads every object back and catches what
// a checksum comparison cannot see (objects without a full-object checksum); bad input fails
// in one line.
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/integration/cli_test_fixture.h"
#include "tests/integration/tree_snapshot.h"

namespace hoist::test {
namespace {

namespace fs = std::filesystem;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class CliVerifyTest : public CliTest {
 protected:
  std::string src() { return dir_.path() + "/src"; }
  std::string url(const std::string& key = "") { return "s3://" + bucket() + "/" + key; }

  void write(const std::string& relative, const std::string& bytes) {
    fs::path path = fs::path(src()) / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << bytes;
  }

  void upload_tree() {
    CliResult r = hoist({"cp", "--recursive", src(), url("backup")});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  nlohmann::json verify_json(std::vector<std::string> args, int expected_exit) {
    std::vector<std::string> full = {"--output", "json", "verify"};
    full.insert(full.end(), args.begin(), args.end());
    CliResult r = hoist(full);
    EXPECT_EQ(r.exit_code, expected_exit) << r.err;
    auto parsed = nlohmann::json::parse(r.out, nullptr, false);
    EXPECT_FALSE(parsed.is_discarded()) << r.out;
    return parsed;
  }

  // status by path below src(), from a JSON answer.
  static std::map<std::string, std::string> statuses(const nlohmann::json& out,
                                                     const std::string& root) {
    std::map<std::string, std::string> by_path;
    for (const auto& f : out["files"]) {
      std::string path = f["path"];
      by_path[path.substr(root.size() + 1)] = f["status"];
    }
    return by_path;
  }
};

TEST_F(CliVerifyTest, AnUploadedTreeVerifiesWithAndWithoutDownloading) {
  write("a.txt", "alpha");
  write("sub/b.bin", test::xorshift_bytes(300000, 7));
  write("sub/deeper/c d.txt", "");
  upload_tree();
  CliResult r = hoist({"verify", src(), url("backup")});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "verified: 3 entries, 3 match")) << r.out;

  auto downloaded = verify_json({src(), url("backup/"), "--download"}, 0);
  EXPECT_EQ(downloaded["matched"], 3);
  EXPECT_EQ(downloaded["bytes_downloaded"], 300005);
}

TEST_F(CliVerifyTest, DifferencesMissingAndExtraEntriesAreEachNamed) {
  write("same.txt", "unchanged");
  write("edited.txt", "version 1");
  write("gone-from-bucket.txt", "x");
  write("extra-in-bucket.txt", "y");
  upload_tree();
  write("edited.txt", "version 2");  // same size: only a checksum sees it
  fs::remove(src() + "/extra-in-bucket.txt");
  CliResult rm = hoist({"rm", url("backup/gone-from-bucket.txt")});
  ASSERT_EQ(rm.exit_code, 0) << rm.err;

  CliResult text = hoist({"verify", src(), url("backup")});
  EXPECT_EQ(text.exit_code, 1);
  EXPECT_TRUE(contains(text.out, "differs: " + src() + "/edited.txt")) << text.out;
  EXPECT_TRUE(contains(text.out, "missing: " + src() + "/gone-from-bucket.txt")) << text.out;
  EXPECT_TRUE(contains(text.out, "extra: " + url("backup/extra-in-bucket.txt"))) << text.out;
  EXPECT_FALSE(contains(text.out, "same.txt")) << text.out;

  for (bool download : {false, true}) {
    std::vector<std::string> args = {src(), url("backup")};
    if (download) args.push_back("--download");
    auto out = verify_json(args, 1);
    EXPECT_EQ(out["all_match"], false);
    auto by_path = statuses(out, src());
    EXPECT_EQ(by_path["same.txt"], "match") << download;
    EXPECT_EQ(by_path["edited.txt"], "differs") << download;
    EXPECT_EQ(by_path["gone-from-bucket.txt"], "missing") << download;
    EXPECT_EQ(by_path["extra-in-bucket.txt"], "extra") << download;
  }
}

// A multipart object stored without a checksum (its ETag is no MD5 of the content) cannot be
// compared without its bytes.
TEST_F(CliVerifyTest, ObjectsWithoutAFullObjectChecksumNeedDownload) {
  write("big.bin", test::xorshift_bytes(6 << 20, 11));
  CliResult up = hoist({"cp", "--recursive", "--checksum-algorithm", "none", "--part-size", "5MiB",
                        "--multipart-threshold", "5MiB", src(), url("backup")});
  ASSERT_EQ(up.exit_code, 0) << up.err;
  if (test_server_stores_checksums()) {
    auto plain = verify_json({src(), url("backup")}, 1);
    EXPECT_EQ(statuses(plain, src())["big.bin"], "unverifiable");
  }  // s3rver gives a multipart object the whole content's MD5 as its ETag: that verifies.
  auto downloaded = verify_json({src(), url("backup"), "--download"}, 0);
  EXPECT_EQ(statuses(downloaded, src())["big.bin"], "match");
}

TEST_F(CliVerifyTest, MultipartObjectsVerifyByTheirFullObjectChecksum) {
  if (!test_server_stores_checksums()) GTEST_SKIP() << "the server keeps no checksums";
  write("big.bin", test::xorshift_bytes(11 << 20, 5));
  CliResult up = hoist({"cp", "--recursive", "--checksum-algorithm", "CRC64NVME", "--part-size",
                        "5MiB", "--multipart-threshold", "5MiB", src(), url("backup")});
  ASSERT_EQ(up.exit_code, 0) << up.err;
  auto out = verify_json({src(), url("backup")}, 0);
  EXPECT_EQ(out["files"][0]["algorithm"], "CRC64NVME");
  EXPECT_EQ(out["bytes_downloaded"], 0);
}

// A compressed object's stored checksum is of its compressed bytes: only reading it back,
// decoded, says whether it holds the file.
TEST_F(CliVerifyTest, CompressedObjectsVerifyByDownloadingAndDecoding) {
  const std::string text = std::string(200000, 'a') + "tail";
  write("small.txt", text);
  std::string big;
  for (int i = 0; big.size() < (12u << 20); ++i) big += "line " + std::to_string(i) + "\n";
  write("big.log", big);
  for (const char* codec : {"gzip", "zstd"}) {
    const std::string prefix = std::string("c-") + codec;
    CliResult up = hoist(
        {"cp", "--recursive", "--compress", codec, "--part-size", "5MiB", src(), url(prefix)});
    ASSERT_EQ(up.exit_code, 0) << up.err;
    auto plain = verify_json({src(), url(prefix)}, 1);
    EXPECT_EQ(statuses(plain, src())["small.txt"], "unverifiable") << codec;
    auto downloaded = verify_json({src(), url(prefix), "--download"}, 0);
    EXPECT_EQ(downloaded["matched"], 2) << codec;
    EXPECT_LT(downloaded["bytes_downloaded"].get<uint64_t>(), big.size() / 2) << codec;
  }
  write("small.txt", std::string(200000, 'a') + "TAIL");  // same size, other content
  auto changed = verify_json({src(), url("c-zstd"), "--download"}, 1);
  EXPECT_EQ(statuses(changed, src())["small.txt"], "differs");
  EXPECT_EQ(statuses(changed, src())["big.log"], "match");
}

TEST_F(CliVerifyTest, BadInputFailsInOneLine) {
  CliResult missing = hoist({"verify", dir_.path() + "/nothing", url("p")});
  EXPECT_EQ(missing.exit_code, 255);
  EXPECT_TRUE(contains(missing.err, "nothing")) << missing.err;
  EXPECT_EQ(std::count(missing.err.begin(), missing.err.end(), '\n'), 1) << missing.err;
  write("a.txt", "a");
  CliResult bucket = hoist({"verify", src(), "s3://no-such-bucket-verify/p"});
  EXPECT_EQ(bucket.exit_code, 254);  // a listing S3 refused
  EXPECT_TRUE(contains(bucket.err, "NoSuchBucket")) << bucket.err;
  CliResult not_url = hoist({"verify", src(), "bucket/p"});
  EXPECT_EQ(not_url.exit_code, 252) << not_url.err;
}

}  // namespace
}  // namespace hoist::test

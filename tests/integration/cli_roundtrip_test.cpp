// Round trips through the hoist CLI against s3rver: make a bucket, upload, list, download,
// compare byte for byte, presign, move both ways, remove.
#include <curl/curl.h>

#include <filesystem>

#include "engine/http/event_loop.h"
#include "tests/integration/cli_test_fixture.h"

namespace hoist::test {
namespace {

class RoundTripBySize : public CliTest, public ::testing::WithParamInterface<size_t> {};

TEST_P(RoundTripBySize, UploadListDownloadRemove) {
  const size_t size = GetParam();
  const std::string content = pattern_bytes(size);
  const std::string src = dir_.write_file("src.bin", content);
  const std::string url = "s3://" + bucket() + "/data/file.bin";

  CliResult up = hoist({"cp", src, url});
  ASSERT_EQ(up.exit_code, 0) << up.err;
  EXPECT_EQ(up.out, "upload: " + src + " to " + url + "\n");

  CliResult ls = hoist({"ls", "s3://" + bucket() + "/data/"});
  ASSERT_EQ(ls.exit_code, 0) << ls.err;
  EXPECT_NE(ls.out.find(" " + std::to_string(size) + " file.bin\n"), std::string::npos) << ls.out;

  const std::string dst = dir_.path() + "/dst.bin";
  CliResult down = hoist({"cp", url, dst});
  ASSERT_EQ(down.exit_code, 0) << down.err;
  EXPECT_EQ(read_file(dst), content);

  CliResult rm = hoist({"rm", url});
  ASSERT_EQ(rm.exit_code, 0) << rm.err;
  EXPECT_EQ(rm.out, "delete: " + url + "\n");
  CliResult after = hoist({"ls", "--recursive", "s3://" + bucket()});
  EXPECT_EQ(after.out, "");

  CliResult rb = hoist({"rb", "s3://" + bucket()});
  EXPECT_EQ(rb.exit_code, 0) << rb.err;
  EXPECT_EQ(rb.out, "remove_bucket: " + bucket() + "\n");
}

INSTANTIATE_TEST_SUITE_P(Sizes, RoundTripBySize,
                         ::testing::Values(size_t{0}, size_t{1}, size_t{5} << 20),
                         [](const auto& info) { return std::to_string(info.param) + "_bytes"; });

// Keys with characters that need encoding in a path, and ones that must not be encoded.
class RoundTripByKey : public CliTest, public ::testing::WithParamInterface<const char*> {};

TEST_P(RoundTripByKey, KeySurvivesUploadListAndDownload) {
  const std::string key = GetParam();
  const std::string src = dir_.write_file("in.txt", "payload for " + key);
  const std::string url = "s3://" + bucket() + "/" + key;
  CliResult up = hoist({"cp", src, url});
  ASSERT_EQ(up.exit_code, 0) << up.err;

  CliResult ls = hoist({"ls", "--recursive", "s3://" + bucket()});
  ASSERT_EQ(ls.exit_code, 0) << ls.err;
  EXPECT_NE(ls.out.find(" " + key + "\n"), std::string::npos) << ls.out;

  const std::string dst = dir_.path() + "/out.txt";
  CliResult down = hoist({"cp", url, dst});
  ASSERT_EQ(down.exit_code, 0) << down.err;
  EXPECT_EQ(read_file(dst), "payload for " + key);
}

std::vector<const char*> special_keys() {
  std::vector<const char*> keys = {
      "with space.txt", "unicode-\xc3\xbc\xc3\xb1\xc3\xae\xe6\x97\xa5.txt", "plus+sign",
      "equals=sign",    "amp&ersand", "tilde~", "paren(thes)es", "star*", "bang!", "quote'd",
      "per%cent%41",    "dir/sub dir/mixed +=&~()*!'.txt"};
  if (test_server_stores_empty_path_segments()) {
    keys.insert(keys.end(), {"double//slash", "dot/../dot", "./lead", "a/./b"});
  }
  return keys;
}

INSTANTIATE_TEST_SUITE_P(SpecialCharacters, RoundTripByKey, ::testing::ValuesIn(special_keys()),
                         [](const auto& info) { return "key" + std::to_string(info.index); });

TEST_F(CliTest, ListShowsPrefixesAndObjectsLikeAwsCli) {
  const std::string src = dir_.write_file("f", "12345");
  for (const char* key : {"top.txt", "a/one.txt", "a/two.txt", "b/deep.txt"}) {
    ASSERT_EQ(hoist({"cp", src, "s3://" + bucket() + "/" + key}).exit_code, 0);
  }
  CliResult ls = hoist({"ls", "s3://" + bucket()});
  ASSERT_EQ(ls.exit_code, 0) << ls.err;
  EXPECT_NE(ls.out.find("                           PRE a/\n"), std::string::npos) << ls.out;
  EXPECT_NE(ls.out.find("                           PRE b/\n"), std::string::npos) << ls.out;
  EXPECT_NE(ls.out.find("          5 top.txt\n"), std::string::npos) << ls.out;
  EXPECT_EQ(ls.out.find("one.txt"), std::string::npos) << ls.out;

  CliResult sub = hoist({"ls", "s3://" + bucket() + "/a/"});
  EXPECT_NE(sub.out.find(" one.txt\n"), std::string::npos) << sub.out;
  EXPECT_NE(sub.out.find(" two.txt\n"), std::string::npos) << sub.out;

  CliResult json = hoist({"--output", "json", "ls", "--recursive", "s3://" + bucket()});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_NE(json.out.find("\"key\": \"b/deep.txt\""), std::string::npos) << json.out;
  EXPECT_NE(json.out.find("\"size\": 5"), std::string::npos) << json.out;

  CliResult buckets = hoist({"ls"});
  EXPECT_NE(buckets.out.find(" " + bucket() + "\n"), std::string::npos) << buckets.out;
}

TEST_F(CliTest, UploadToPrefixUsesFileNameAndDownloadIntoDirectory) {
  const std::string src = dir_.write_file("report.csv", "a,b\n");
  CliResult up = hoist({"cp", src, "s3://" + bucket() + "/reports/"});
  ASSERT_EQ(up.exit_code, 0) << up.err;
  EXPECT_EQ(up.out, "upload: " + src + " to s3://" + bucket() + "/reports/report.csv\n");

  TempDirectory out;
  CliResult down = hoist({"cp", "s3://" + bucket() + "/reports/report.csv", out.path()});
  ASSERT_EQ(down.exit_code, 0) << down.err;
  EXPECT_EQ(read_file(out.path() + "/report.csv"), "a,b\n");
}

TEST_F(CliTest, DownloadToStdout) {
  const std::string src = dir_.write_file("x", "to stdout\n");
  ASSERT_EQ(hoist({"cp", src, "s3://" + bucket() + "/x"}).exit_code, 0);
  CliResult down = hoist({"cp", "s3://" + bucket() + "/x", "-"});
  ASSERT_EQ(down.exit_code, 0) << down.err;
  EXPECT_EQ(down.out, "to stdout\n");
}

TEST_F(CliTest, PresignedUrlFetchesObjectWithoutCredentials) {
  const std::string content = pattern_bytes(4096);
  const std::string src = dir_.write_file("p.bin", content);
  const std::string url = "s3://" + bucket() + "/shared/p q+r.bin";
  ASSERT_EQ(hoist({"cp", src, url}).exit_code, 0);

  CliResult presigned = hoist({"presign", url, "--expires-in", "300"});
  ASSERT_EQ(presigned.exit_code, 0) << presigned.err;
  std::string link = presigned.out.substr(0, presigned.out.find('\n'));
  EXPECT_NE(link.find("X-Amz-Expires=300"), std::string::npos) << link;

  http::EventLoop loop(http::Options{});
  http::Request get;
  get.url = link;
  http::Outcome fetched = http::perform(loop, get);
  ASSERT_FALSE(fetched.error) << fetched.error.message;
  EXPECT_EQ(fetched.response.status, 200) << fetched.response.body;
  EXPECT_EQ(fetched.response.body, content);
}

TEST_F(CliTest, RecursiveRemoveAndForcedBucketRemoval) {
  const std::string src = dir_.write_file("f", "x");
  for (const char* key : {"keep/a", "gone/b", "gone/c/d"}) {
    ASSERT_EQ(hoist({"cp", src, "s3://" + bucket() + "/" + key}).exit_code, 0);
  }
  CliResult dry = hoist({"rm", "--recursive", "--dryrun", "s3://" + bucket() + "/gone/"});
  EXPECT_EQ(dry.exit_code, 0);
  EXPECT_NE(dry.out.find("(dryrun) delete: s3://" + bucket() + "/gone/b"), std::string::npos);
  CliResult rm = hoist({"rm", "-r", "s3://" + bucket() + "/gone/"});
  EXPECT_EQ(rm.exit_code, 0) << rm.err;
  CliResult ls = hoist({"ls", "--recursive", "s3://" + bucket()});
  EXPECT_NE(ls.out.find(" keep/a\n"), std::string::npos) << ls.out;
  EXPECT_EQ(ls.out.find("gone/"), std::string::npos) << ls.out;

  CliResult not_empty = hoist({"rb", "s3://" + bucket()});
  EXPECT_EQ(not_empty.exit_code, 1);
  EXPECT_NE(not_empty.err.find("BucketNotEmpty"), std::string::npos) << not_empty.err;
  CliResult forced = hoist({"rb", "--force", "s3://" + bucket()});
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
}

// mv both ways, one file and a filtered tree: each source goes only once its copy is there,
// and what a filter leaves out stays where it was. (The aws-cli parity tests compare mv's
// output with aws-cli's; this one runs in every pass, the sanitizers' included.)
TEST_F(CliTest, MoveUpAndBackDownRemovesEachSourceOnceCopied) {
  const std::string root = dir_.path() + "/tree";
  dir_.write_file("tree/a.txt", "alpha");
  dir_.write_file("tree/b.log", "log");
  dir_.write_file("tree/sub/c.txt", "gamma");
  const std::string prefix = "s3://" + bucket() + "/m/";
  CliResult up = hoist({"mv", "--recursive", root, prefix, "--exclude", "*.log"});
  ASSERT_EQ(up.exit_code, 0) << up.err;
  EXPECT_FALSE(std::filesystem::exists(root + "/a.txt"));
  EXPECT_FALSE(std::filesystem::exists(root + "/sub/c.txt"));
  EXPECT_EQ(read_file(root + "/b.log"), "log") << "excluded, so not moved";
  CliResult listed = hoist({"ls", "--recursive", prefix});
  EXPECT_NE(listed.out.find(" m/a.txt\n"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find(" m/sub/c.txt\n"), std::string::npos) << listed.out;
  EXPECT_EQ(listed.out.find("b.log"), std::string::npos) << listed.out;

  const std::string back = dir_.path() + "/back";
  CliResult down = hoist({"mv", "-r", prefix, back});
  ASSERT_EQ(down.exit_code, 0) << down.err;
  EXPECT_EQ(read_file(back + "/a.txt"), "alpha");
  EXPECT_EQ(read_file(back + "/sub/c.txt"), "gamma");
  EXPECT_EQ(hoist({"ls", "--recursive", prefix}).out, "");

  const std::string one = dir_.write_file("one.bin", pattern_bytes(3000));
  ASSERT_EQ(hoist({"mv", one, prefix + "one.bin"}).exit_code, 0);
  EXPECT_FALSE(std::filesystem::exists(one));
  ASSERT_EQ(hoist({"mv", prefix + "one.bin", one}).exit_code, 0);
  EXPECT_EQ(read_file(one), pattern_bytes(3000));
  EXPECT_EQ(hoist({"ls", "--recursive", prefix}).out, "");
}

}  // namespace
}  // namespace hoist::test

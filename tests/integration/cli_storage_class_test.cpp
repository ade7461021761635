// --storage-class on uploads, against each server: every class aws-cli knows is sent on
// PutObject and CreateMultipartUpload and read back by boto3 (HeadObject everywhere;
// ListObjectsV2 and ListMultipartUploads on hoist serve, as s3rver lists every object as
// STANDARD); a class that is not one of them is refused before anything is sent.
#include <algorithm>
#include <string>
#include <vector>

#include "tests/integration/cli_test_fixture.h"
#include "tests/integration/serve_process.h"

namespace hoist::test {
namespace {

class CliStorageClassTest : public CliTest {
 protected:
  static bool on_serve() { return dynamic_cast<ServeProcess*>(server_.get()) != nullptr; }

  // Runs a Python script with `s3` a boto3 client for the server and BUCKET the test's bucket.
  CliResult python(const std::string& body) {
    const std::string script =
        "import boto3, os\n"
        "s3 = boto3.client('s3', endpoint_url=os.environ['ENDPOINT'])\n"
        "BUCKET = os.environ['BUCKET']\n" +
        body;
    auto env = server_->client_environment();
    env["ENDPOINT"] = server_->endpoint();
    env["BUCKET"] = bucket();
    return run_program("/usr/bin/python3", {"-c", script}, env);
  }

  // "key class" lines for `keys`: HeadObject's StorageClass (absent, as S3 sends it for
  // STANDARD, prints as STANDARD), then ListObjectsV2's when `listing`.
  std::string classes(const std::vector<std::string>& keys, bool listing) {
    std::string body = "for key in [";
    for (const std::string& key : keys) body += "'" + key + "',";
    body +=
        "]:\n"
        "    print(key, s3.head_object(Bucket=BUCKET, Key=key).get('StorageClass', 'STANDARD'))\n";
    if (listing) {
      body +=
          "for o in s3.list_objects_v2(Bucket=BUCKET)['Contents']:\n"
          "    print('listed', o['Key'], o['StorageClass'])\n";
    }
    CliResult r = python(body);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  }
};

TEST_F(CliStorageClassTest, EachStorageClassIsSentAndReadBack) {
  // s3rver 3.7.1 knows neither GLACIER_IR nor EXPRESS_ONEZONE.
  std::vector<std::string> names = {
      "STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING",
      "GLACIER",  "DEEP_ARCHIVE",       "OUTPOSTS"};
  if (on_serve()) names.insert(names.end(), {"GLACIER_IR", "EXPRESS_ONEZONE"});
  const std::string file = dir_.write_file("f.txt", "stored in a class");
  std::string expected;
  for (const std::string& name : names) {
    CliResult put = hoist({"cp", file, "s3://" + bucket() + "/" + name, "--storage-class", name});
    ASSERT_EQ(put.exit_code, 0) << name << ": " << put.err;
    expected += name + " " + name + "\n";
  }
  std::string listed;
  if (on_serve()) {
    std::vector<std::string> sorted = names;
    std::sort(sorted.begin(), sorted.end());
    for (const std::string& name : sorted) listed += "listed " + name + " " + name + "\n";
  }
  EXPECT_EQ(classes(names, on_serve()), expected + listed);
}

TEST_F(CliStorageClassTest, TreesAndMultipartUploadsKeepTheClass) {
  dir_.write_file("tree/a", "a");
  dir_.write_file("tree/sub/b", "b");
  dir_.write_file("big", pattern_bytes((6 << 20) + 1));
  CliResult tree = hoist({"cp", "-r", dir_.path() + "/tree", "s3://" + bucket() + "/t",
                          "--storage-class", "ONEZONE_IA"});
  ASSERT_EQ(tree.exit_code, 0) << tree.err;
  CliResult big = hoist({"cp", dir_.path() + "/big", "s3://" + bucket() + "/big", "--storage-class",
                         "GLACIER", "--multipart-threshold", "5MiB", "--part-size", "5MiB"});
  ASSERT_EQ(big.exit_code, 0) << big.err;
  // Streams (stdin) and compressed files take other upload paths.
  const std::string stdin_file = dir_.write_file("stdin", "from a pipe");
  CliResult streamed = run_hoist({"--endpoint-url", server_->endpoint(), "cp", "-",
                                  "s3://" + bucket() + "/stdin", "--storage-class", "STANDARD_IA"},
                                 server_->client_environment(), stdin_file);
  ASSERT_EQ(streamed.exit_code, 0) << streamed.err;
  dir_.write_file("z.txt", std::string(100000, 'z'));
  CliResult compressed = hoist({"cp", dir_.path() + "/z.txt", "s3://" + bucket() + "/z",
                                "--compress", "gzip", "--storage-class", "DEEP_ARCHIVE"});
  ASSERT_EQ(compressed.exit_code, 0) << compressed.err;
  std::string expected =
      "t/a ONEZONE_IA\nt/sub/b ONEZONE_IA\nbig GLACIER\nstdin STANDARD_IA\nz DEEP_ARCHIVE\n";
  if (on_serve()) {
    expected +=
        "listed big GLACIER\nlisted stdin STANDARD_IA\nlisted t/a ONEZONE_IA\n"
        "listed t/sub/b ONEZONE_IA\nlisted z DEEP_ARCHIVE\n";
  }
  EXPECT_EQ(classes({"t/a", "t/sub/b", "big", "stdin", "z"}, on_serve()), expected);
}

TEST_F(CliStorageClassTest, UnknownClassIsRefusedBeforeAnythingIsSent) {
  const std::string small = dir_.write_file("tree/small", "small");
  const std::string big = dir_.write_file("big", pattern_bytes((5 << 20) + 1));
  const std::string url = "s3://" + bucket() + "/k";
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"cp", small, url, "--storage-class", "glacier"},
        std::vector<std::string>{"cp", big, url, "--storage-class", "COLD", "--part-size", "5MiB",
                                 "--multipart-threshold", "5MiB"},
        std::vector<std::string>{"cp", "-r", dir_.path() + "/tree", url, "--storage-class", ""},
        std::vector<std::string>{"--debug", "cp", small, url, "--storage-class", "GLACIER "}}) {
    CliResult r = hoist(args);
    EXPECT_EQ(r.exit_code, 252) << r.err;
    const std::string first_line = r.err.substr(0, r.err.find('\n'));
    EXPECT_NE(first_line.find("hoist: cp: --storage-class: '"), std::string::npos) << r.err;
    EXPECT_NE(first_line.find("is not a storage class (valid: STANDARD, REDUCED_REDUNDANCY, "
                              "STANDARD_IA, ONEZONE_IA, INTELLIGENT_TIERING, GLACIER, "
                              "DEEP_ARCHIVE, GLACIER_IR, OUTPOSTS, EXPRESS_ONEZONE)"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(r.err.find("debug:"), std::string::npos) << "a request was sent: " << r.err;
  }
  CliResult ls = hoist({"ls", "-r", "s3://" + bucket()});
  EXPECT_EQ(ls.exit_code, 0) << ls.err;
  EXPECT_EQ(ls.out, "");
  if (test_server_lists_multipart_uploads()) {
    CliResult uploads = hoist({"ls", "--uploads", "s3://" + bucket()});
    EXPECT_EQ(uploads.exit_code, 0) << uploads.err;
    EXPECT_EQ(uploads.out, "");
  }
}

}  // namespace
}  // namespace hoist::test

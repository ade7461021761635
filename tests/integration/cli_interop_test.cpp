// Other clients read what hoist writes, against each server: boto3 (get_object) and aws-cli
// (s3 cp) get back the bytes of a plain object, a multipart object and a gzip-compressed one
// (decoded with Python's own gzip), with the user metadata and x-amz-meta-mtime hoist set.
#include <filesystem>
#include <fstream>
#include <string>

#include "tests/integration/cli_test_fixture.h"
#include "tests/integration/tree_snapshot.h"

namespace hoist::test {
namespace {

namespace fs = std::filesystem;

// argv: endpoint bucket key local-file expect-gzip(0/1). Prints what differs, or "ok".
constexpr const char* kBotoCheck = R"py(
import gzip, sys, boto3, botocore.config
endpoint, bucket, key, path, compressed = sys.argv[1:6]
s3 = boto3.client("s3", endpoint_url=endpoint,
                  config=botocore.config.Config(s3={"addressing_style": "path"}))
got = s3.get_object(Bucket=bucket, Key=key)
body = got["Body"].read()
if compressed == "1":
    if got.get("ContentEncoding") != "gzip":
        sys.exit("ContentEncoding is %r" % got.get("ContentEncoding"))
    body = gzip.decompress(body)
if body != open(path, "rb").read():
    sys.exit("bytes differ: %d bytes" % len(body))
meta = got["Metadata"]
if meta.get("owner") != "ops":
    sys.exit("metadata: %r" % meta)
if "mtime" not in meta:
    sys.exit("no mtime metadata: %r" % meta)
print("ok")
)py";

class CliInteropTest : public CliTest {
 protected:
  std::string url(const std::string& key) { return "s3://" + bucket() + "/" + key; }

  void expect_boto3_reads(const std::string& key, const std::string& path, bool compressed) {
    CliResult r = run_program(
        "/usr/bin/python3",
        {"-c", kBotoCheck, server_->endpoint(), bucket(), key, path, compressed ? "1" : "0"},
        server_->client_environment());
    EXPECT_EQ(r.exit_code, 0) << key << ": " << r.out << r.err;
  }
};

TEST_F(CliInteropTest, Boto3AndAwsCliReadPlainMultipartAndCompressedObjects) {
  const std::string plain = dir_.path() + "/plain.bin";
  const std::string big = dir_.path() + "/big.bin";
  const std::string text = dir_.path() + "/notes.txt";
  std::ofstream(plain, std::ios::binary) << test::xorshift_bytes(100000, 1);
  std::ofstream(big, std::ios::binary) << test::xorshift_bytes((12 << 20) + 3, 2);
  std::string words;
  for (int i = 0; words.size() < 300000; ++i) words += "entry " + std::to_string(i) + "\n";
  std::ofstream(text, std::ios::binary) << words;

  const std::vector<std::string> common = {
      "--metadata", "owner=ops", "--part-size", "5MiB", "--multipart-threshold", "5MiB"};
  auto cp = [&](std::vector<std::string> args) {
    std::vector<std::string> full = {"cp"};
    full.insert(full.end(), args.begin(), args.end());
    full.insert(full.end(), common.begin(), common.end());
    CliResult r = hoist(full);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  };
  cp({plain, url("plain.bin")});
  cp({big, url("big.bin")});
  cp({text, url("notes.txt.gz"), "--compress", "gzip"});

  expect_boto3_reads("plain.bin", plain, false);
  expect_boto3_reads("big.bin", big, false);
  expect_boto3_reads("notes.txt.gz", text, true);

  const std::string copy = dir_.path() + "/aws-copy.bin";
  CliResult aws = run_program(
      "/usr/bin/aws", {"--endpoint-url", server_->endpoint(), "s3", "cp", url("big.bin"), copy},
      server_->client_environment());
  ASSERT_EQ(aws.exit_code, 0) << aws.err;
  EXPECT_TRUE(file_bytes(copy) == file_bytes(big));
}

}  // namespace
}  // namespace hoist::test

// `hoist serve` end to end: the real binary on 127.0.0.1, driven by the hoist CLI, by
// aws-cli and by boto3 (for raw operations and error cases the CLI never produces).
#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <string>

#include "tests/integration/hoist_cli.h"
#include "tests/integration/serve_process.h"
#include "tests/support/temp_directory.h"

namespace hoist::test {
namespace {

class ServeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = std::make_unique<ServeProcess>(); }
  static void TearDownTestSuite() { server_.reset(); }

  static CliResult hoist(std::vector<std::string> args,
                         const std::map<std::string, std::string>& overrides = {}) {
    args.insert(args.begin(), {"--endpoint-url", server_->endpoint()});
    return run_hoist(args, environment(overrides));
  }

  // Runs a Python script with boto3 imported and `s3` a client for the server that does not
  // retry (botocore retries even BadDigest); BUCKET is the test's bucket.
  CliResult python(const std::string& body) {
    const std::string script =
        "import boto3, botocore, os, sys\n"
        "from botocore.config import Config\n"
        "s3 = boto3.client('s3', endpoint_url=os.environ['ENDPOINT'],\n"
        "                  config=Config(retries={'total_max_attempts': 1}))\n"
        "BUCKET = os.environ['BUCKET']\n" +
        body;
    return run_program("/usr/bin/python3", {"-c", script},
                       environment({{"ENDPOINT", server_->endpoint()}, {"BUCKET", bucket()}}));
  }

  // rclone with an S3 remote named "serve" configured through its environment variables.
  // AWS_CA_BUNDLE is unset: rclone refuses to start when it names a bundle it cannot parse.
  CliResult rclone(std::vector<std::string> args) {
    args.insert(args.end(),
                {"--config", "/dev/null", "--low-level-retries", "1", "--retries", "1"});
    return run_program(
        "/usr/bin/rclone", args,
        environment({{"RCLONE_CONFIG_SERVE_TYPE", "s3"},
                     {"RCLONE_CONFIG_SERVE_PROVIDER", "Other"},
                     {"RCLONE_CONFIG_SERVE_ACCESS_KEY_ID", ServeProcess::kAccessKey},
                     {"RCLONE_CONFIG_SERVE_SECRET_ACCESS_KEY", ServeProcess::kSecretKey},
                     {"RCLONE_CONFIG_SERVE_ENDPOINT", server_->endpoint()},
                     {"RCLONE_CONFIG_SERVE_REGION", "us-east-1"},
                     {"RCLONE_CONFIG_SERVE_FORCE_PATH_STYLE", "true"},
                     {"AWS_CA_BUNDLE", ""}}));
  }

  CliResult aws(std::vector<std::string> args) {
    args.insert(args.begin(), {"--endpoint-url", server_->endpoint()});
    return run_program("/usr/bin/aws", args, environment());
  }

  static std::map<std::string, std::string> environment(
      const std::map<std::string, std::string>& overrides = {}) {
    auto env = server_->client_environment();
    for (const auto& [k, v] : overrides) env[k] = v;
    return env;
  }

  std::string bucket() {
    if (bucket_.empty()) {
      bucket_ = "serve-" + std::to_string(counter_++);
      CliResult made = hoist({"mb", "s3://" + bucket_});
      EXPECT_EQ(made.exit_code, 0) << made.err;
    }
    return bucket_;
  }

  std::string write_file(const std::string& name, const std::string& content) {
    const std::string path = dir_.path() + "/" + name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  static std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }

  static inline std::unique_ptr<ServeProcess> server_;
  static inline int counter_ = 0;
  TempDirectory dir_;
  std::string bucket_;
};

TEST_F(ServeTest, KeysWithDoubleSlashAndDotDotRoundTrip) {
  const std::string b = bucket();
  for (const std::string key : {"a//b", "x/../y", "./z", "sp ace+plus%"}) {
    const std::string path = write_file("in", "content of " + key);
    CliResult put = hoist({"cp", path, "s3://" + b + "/" + key});
    ASSERT_EQ(put.exit_code, 0) << key << ": " << put.err;
    CliResult get = hoist({"cp", "s3://" + b + "/" + key, dir_.path() + "/out"});
    ASSERT_EQ(get.exit_code, 0) << key << ": " << get.err;
    EXPECT_EQ(read_file(dir_.path() + "/out"), "content of " + key);
  }
  CliResult ls = hoist({"ls", "-r", "s3://" + b});
  EXPECT_NE(ls.out.find("a//b"), std::string::npos) << ls.out;
  EXPECT_NE(ls.out.find("x/../y"), std::string::npos) << ls.out;
}

TEST_F(ServeTest, WrongSecretIsSignatureDoesNotMatch) {
  CliResult ls = hoist({"ls", "s3://" + bucket()}, {{"AWS_SECRET_ACCESS_KEY", "wrong"}});
  EXPECT_EQ(ls.exit_code, 254);
  EXPECT_NE(ls.err.find("SignatureDoesNotMatch"), std::string::npos) << ls.err;
  CliResult unknown = hoist({"ls", "s3://" + bucket()}, {{"AWS_ACCESS_KEY_ID", "NOBODY"}});
  EXPECT_EQ(unknown.exit_code, 254);
  EXPECT_NE(unknown.err.find("InvalidAccessKeyId"), std::string::npos) << unknown.err;
}

TEST_F(ServeTest, PresignedGetWorksAndTamperedOneFails) {
  const std::string b = bucket();
  ASSERT_EQ(hoist({"cp", write_file("p", "presigned body"), "s3://" + b + "/dir//p"}).exit_code, 0);
  CliResult url = hoist({"presign", "s3://" + b + "/dir//p", "--expires-in", "60"});
  ASSERT_EQ(url.exit_code, 0) << url.err;
  const std::string fetch =
      "import urllib.request, urllib.error, sys\n"
      "try:\n"
      "  print(urllib.request.urlopen(sys.argv[1]).read().decode())\n"
      "except urllib.error.HTTPError as e:\n"
      "  print(e.code, e.read().decode())\n";
  std::string signed_url = url.out.substr(0, url.out.find('\n'));
  CliResult good = run_program("/usr/bin/python3", {"-c", fetch, signed_url});
  EXPECT_EQ(good.out, "presigned body\n") << good.err;
  std::string tampered = signed_url;
  tampered.replace(tampered.find("dir//p"), 6, "dir//q");
  CliResult bad = run_program("/usr/bin/python3", {"-c", fetch, tampered});
  EXPECT_NE(bad.out.find("403"), std::string::npos) << bad.out;
  EXPECT_NE(bad.out.find("SignatureDoesNotMatch"), std::string::npos) << bad.out;
}

TEST_F(ServeTest, BadChecksumIsBadDigestAndStoresNothing) {
  CliResult r = python(
      "for alg in ('CRC32C', 'CRC32', 'SHA256'):\n"
      "  try:\n"
      "    s3.put_object(Bucket=BUCKET, Key='k', Body=b'data',\n"
      "                  **{'Checksum' + alg: 'AAAAAA==' if alg != 'SHA256' else 'A' * 43 + '='})\n"
      "    print('stored')\n"
      "  except botocore.exceptions.ClientError as e:\n"
      "    print(e.response['Error']['Code'], e.response['Error']['Message'])\n"
      "try:\n"
      "  s3.head_object(Bucket=BUCKET, Key='k')\n"
      "  print('present')\n"
      "except botocore.exceptions.ClientError as e:\n"
      "  print('absent', e.response['Error']['Code'])\n"
      "s3.put_object(Bucket=BUCKET, Key='ok', Body=b'data', ChecksumAlgorithm='CRC32C')\n"
      "print('ok stored')\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("BadDigest The CRC32C you specified did not match the calculated "
                       "checksum."),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("stored\n"), r.out.find("ok stored") + 3) << r.out;
  EXPECT_NE(r.out.find("absent 404"), std::string::npos) << r.out;
}

TEST_F(ServeTest, RangeGets) {
  CliResult r = python(
      "s3.put_object(Bucket=BUCKET, Key='r', Body=b'0123456789')\n"
      "for rng in ('bytes=2-4', 'bytes=-3', 'bytes=7-', 'bytes=5-100'):\n"
      "  o = s3.get_object(Bucket=BUCKET, Key='r', Range=rng)\n"
      "  print(rng, o['ResponseMetadata']['HTTPStatusCode'], o['ContentRange'],\n"
      "        o['Body'].read().decode())\n"
      "try:\n"
      "  s3.get_object(Bucket=BUCKET, Key='r', Range='bytes=10-')\n"
      "except botocore.exceptions.ClientError as e:\n"
      "  print(e.response['ResponseMetadata']['HTTPStatusCode'], e.response['Error']['Code'])\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "bytes=2-4 206 bytes 2-4/10 234\n"
            "bytes=-3 206 bytes 7-9/10 789\n"
            "bytes=7- 206 bytes 7-9/10 789\n"
            "bytes=5-100 206 bytes 5-9/10 56789\n"
            "416 InvalidRange\n");
}

TEST_F(ServeTest, ListingWithDelimiterPaginationAndUrlEncoding) {
  CliResult r = python(
      "for k in ('a/1', 'a/2', 'b/1', 'c', 'd e', 'f'):\n"
      "  s3.put_object(Bucket=BUCKET, Key=k, Body=b'x')\n"
      "page = s3.list_objects_v2(Bucket=BUCKET, Delimiter='/')\n"
      "print([p['Prefix'] for p in page['CommonPrefixes']], [o['Key'] for o in page['Contents']])\n"
      "keys = []\n"
      "for p in s3.get_paginator('list_objects_v2').paginate(Bucket=BUCKET, "
      "PaginationConfig={'PageSize': 2}):\n"
      "  keys += [o['Key'] for o in p['Contents']]\n"
      "print(keys)\n"
      "print([o['Key'] for o in s3.list_objects_v2(Bucket=BUCKET, StartAfter='c')['Contents']])\n"
      "raw = s3.list_objects_v2(Bucket=BUCKET, Prefix='d', EncodingType='url')\n"
      "print(raw['EncodingType'], [o['Key'] for o in raw['Contents']])\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "['a/', 'b/'] ['c', 'd e', 'f']\n"
            "['a/1', 'a/2', 'b/1', 'c', 'd e', 'f']\n"
            "['d e', 'f']\n"
            "url ['d%20e']\n");
}

TEST_F(ServeTest, MultipartAndDeleteObjectsWithBoto3) {
  CliResult r = python(
      "part = b'p' * (5 << 20)\n"
      "up = s3.create_multipart_upload(Bucket=BUCKET, Key='mp')['UploadId']\n"
      "print([u['Key'] for u in s3.list_multipart_uploads(Bucket=BUCKET)['Uploads']])\n"
      "e1 = s3.upload_part(Bucket=BUCKET, Key='mp', UploadId=up, PartNumber=1, Body=part)['ETag']\n"
      "e2 = s3.upload_part(Bucket=BUCKET, Key='mp', UploadId=up, PartNumber=2, "
      "Body=b'tail')['ETag']\n"
      "print([p['Size'] for p in s3.list_parts(Bucket=BUCKET, Key='mp', UploadId=up)['Parts']])\n"
      "s3.complete_multipart_upload(Bucket=BUCKET, Key='mp', UploadId=up, "
      "MultipartUpload={'Parts': [\n"
      "  {'PartNumber': 1, 'ETag': e1}, {'PartNumber': 2, 'ETag': e2}]})\n"
      "body = s3.get_object(Bucket=BUCKET, Key='mp')['Body'].read()\n"
      "print(len(body), body == part + b'tail')\n"
      "up2 = s3.create_multipart_upload(Bucket=BUCKET, Key='gone')['UploadId']\n"
      "s3.abort_multipart_upload(Bucket=BUCKET, Key='gone', UploadId=up2)\n"
      "print(s3.list_multipart_uploads(Bucket=BUCKET).get('Uploads', []))\n"
      "s3.put_object(Bucket=BUCKET, Key='x//1', Body=b'1')\n"
      "d = s3.delete_objects(Bucket=BUCKET, Delete={'Objects': [{'Key': 'mp'}, {'Key': 'x//1'}]})\n"
      "print(sorted(o['Key'] for o in d['Deleted']), "
      "s3.list_objects_v2(Bucket=BUCKET)['KeyCount'])\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "['mp']\n"
            "[5242880, 4]\n"
            "5242884 True\n"
            "[]\n"
            "['mp', 'x//1'] 0\n");
}

// Follows ListMultipartUploads and ListParts markers page by page, as a client that does not
// use boto3's paginators would, so every element of the protocol is checked: five uploads
// (two on one key, whose order is their creation order) two a page, five parts two a page.
const char* const kUploadPaginationScript =
    "keys = ['k/a', 'k/b c', 'k/b c', 'k/d', 'other']\n"
    "ids = [s3.create_multipart_upload(Bucket=BUCKET, Key=k)['UploadId'] for k in keys]\n"
    "seen, pages, more = [], 0, {}\n"
    "while True:\n"
    "  page = s3.list_multipart_uploads(Bucket=BUCKET, MaxUploads=2, **more)\n"
    "  pages += 1\n"
    "  seen += [(u['Key'], u['UploadId']) for u in page.get('Uploads', [])]\n"
    "  if not page['IsTruncated']: break\n"
    "  more = {'KeyMarker': page['NextKeyMarker'], 'UploadIdMarker': page['NextUploadIdMarker']}\n"
    "print(pages, page['MaxUploads'], seen == list(zip(keys, ids)))\n"
    "page = s3.list_multipart_uploads(Bucket=BUCKET, Prefix='k/', MaxUploads=3)\n"
    "print(page['IsTruncated'], page['NextKeyMarker'], [u['Key'] for u in page['Uploads']])\n"
    "page = s3.list_multipart_uploads(Bucket=BUCKET, KeyMarker='k/b c')\n"
    "print(page['IsTruncated'], [u['Key'] for u in page['Uploads']])\n"
    "page = s3.list_multipart_uploads(Bucket=BUCKET, KeyMarker='k/b c', UploadIdMarker=ids[1])\n"
    "print(page['Uploads'][0]['UploadId'] == ids[2], len(page['Uploads']))\n"
    "for n in range(1, 6):\n"
    "  s3.upload_part(Bucket=BUCKET, Key='k/a', UploadId=ids[0], PartNumber=n, Body=b'p%d' % n)\n"
    "numbers, pages, marker = [], 0, 0\n"
    "while True:\n"
    "  page = s3.list_parts(Bucket=BUCKET, Key='k/a', UploadId=ids[0], MaxParts=2,\n"
    "                       PartNumberMarker=marker)\n"
    "  pages += 1\n"
    "  numbers += [p['PartNumber'] for p in page.get('Parts', [])]\n"
    "  if not page['IsTruncated']: break\n"
    "  marker = page['NextPartNumberMarker']\n"
    "print(pages, page['MaxParts'], page['PartNumberMarker'], numbers)\n"
    "print(s3.list_parts(Bucket=BUCKET, Key='k/a', UploadId=ids[0])['MaxParts'])\n"
    "try:\n"
    "  s3.list_parts(Bucket=BUCKET, Key='k/a', UploadId=ids[0], MaxParts=-1)\n"
    "except botocore.exceptions.ClientError as e:\n"
    "  print(e.response['Error']['Code'], e.response['Error']['Message'])\n";

const char* const kUploadPaginationOutput =
    "3 2 True\n"
    "True k/b c ['k/a', 'k/b c', 'k/b c']\n"
    "False ['k/d', 'other']\n"
    "True 3\n"
    "3 2 4 [1, 2, 3, 4, 5]\n"
    "1000\n"
    "InvalidArgument Argument max-parts must be an integer between 0 and 2147483647\n";

TEST_F(ServeTest, UploadsAndPartsPaginateByMarkers) {
  CliResult r = python(kUploadPaginationScript);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, kUploadPaginationOutput);
}

// The markers are the front end's work, so a store that keeps nothing paginates the same way.
TEST(ServeDiscardTest, UploadsAndPartsPaginateByMarkers) {
  ServeProcess discard({"--discard"});
  auto env = discard.client_environment();
  env["ENDPOINT"] = discard.endpoint();
  env["BUCKET"] = "pages";
  const std::string script =
      std::string(
          "import boto3, botocore, os\n"
          "from botocore.config import Config\n"
          "s3 = boto3.client('s3', endpoint_url=os.environ['ENDPOINT'],\n"
          "                  config=Config(retries={'total_max_attempts': 1}))\n"
          "BUCKET = os.environ['BUCKET']\n"
          "s3.create_bucket(Bucket=BUCKET)\n") +
      kUploadPaginationScript;
  CliResult r = run_program("/usr/bin/python3", {"-c", script}, env);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, kUploadPaginationOutput);
}

TEST_F(ServeTest, AwsCliCopiesUpAndDownIncludingMultipart) {
  const std::string b = bucket();
  std::string big(20 << 20, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>((i * 2654435761u) >> 13);
  const std::string path = write_file("big", big);
  CliResult up = aws({"s3", "cp", path, "s3://" + b + "/big", "--only-show-errors"});
  ASSERT_EQ(up.exit_code, 0) << up.err;
  CliResult ls = aws({"s3", "ls", "s3://" + b + "/"});
  EXPECT_NE(ls.out.find("20971520 big"), std::string::npos) << ls.out;
  CliResult down =
      aws({"s3", "cp", "s3://" + b + "/big", dir_.path() + "/back", "--only-show-errors"});
  ASSERT_EQ(down.exit_code, 0) << down.err;
  EXPECT_TRUE(read_file(dir_.path() + "/back") == big);
  // And the hoist CLI reads what aws-cli wrote.
  CliResult hoist_down = hoist({"cp", "s3://" + b + "/big", dir_.path() + "/back2"});
  ASSERT_EQ(hoist_down.exit_code, 0) << hoist_down.err;
  EXPECT_TRUE(read_file(dir_.path() + "/back2") == big);
}

TEST_F(ServeTest, RcloneUploadsAndReadsIncludingMultipart) {
  const std::string b = bucket();
  std::string big(12 << 20, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>((i * 40503u) >> 7);
  write_file("small.txt", "from rclone\n");
  write_file("big.bin", big);
  // 5 MiB chunks and a 5 MiB cutoff make the 12 MiB file a three-part upload.
  CliResult up = rclone({"copy", dir_.path(), "serve:" + b + "/rc", "--s3-chunk-size", "5M",
                         "--s3-upload-cutoff", "5M"});
  ASSERT_EQ(up.exit_code, 0) << up.err;

  // hoist reads what rclone wrote, byte for byte.
  CliResult small = hoist({"cp", "s3://" + b + "/rc/small.txt", "-"});
  ASSERT_EQ(small.exit_code, 0) << small.err;
  EXPECT_EQ(small.out, "from rclone\n");
  CliResult down = hoist({"cp", "s3://" + b + "/rc/big.bin", dir_.path() + "/big.back"});
  ASSERT_EQ(down.exit_code, 0) << down.err;
  EXPECT_TRUE(read_file(dir_.path() + "/big.back") == big);

  // rclone reads what hoist wrote, and its own check (size and MD5 ETag) passes.
  ASSERT_EQ(hoist({"cp", dir_.path() + "/small.txt", "s3://" + b + "/hoist/written.txt"}).exit_code,
            0);
  CliResult cat = rclone({"cat", "serve:" + b + "/hoist/written.txt"});
  ASSERT_EQ(cat.exit_code, 0) << cat.err;
  EXPECT_EQ(cat.out, "from rclone\n");
  CliResult check =
      rclone({"check", dir_.path(), "serve:" + b + "/rc", "--one-way", "--exclude", "big.back"});
  EXPECT_EQ(check.exit_code, 0) << check.err;
}

TEST(ServeFaultTest, FaultedRequestsChangeNothing) {
  ServeProcess faulty({"--fault-rate", "0.5", "--fault-seed", "7"});
  ServeProcess* server = &faulty;
  auto env = server->client_environment();
  env["ENDPOINT"] = server->endpoint();
  const std::string script =
      "import boto3, botocore, os\n"
      "from botocore.config import Config\n"
      "once = boto3.client('s3', endpoint_url=os.environ['ENDPOINT'], config=Config(\n"
      "  retries={'total_max_attempts': 1}, read_timeout=1, connect_timeout=1))\n"
      "patient = boto3.client('s3', endpoint_url=os.environ['ENDPOINT'], config=Config(\n"
      "  retries={'total_max_attempts': 20, 'mode': 'standard'}, read_timeout=1))\n"
      "patient.create_bucket(Bucket='faults')\n"
      "ok, failed = set(), 0\n"
      "for i in range(16):\n"
      "  try:\n"
      "    once.put_object(Bucket='faults', Key='k%d' % i, Body=b'v' * 200000)\n"
      "    ok.add('k%d' % i)\n"
      "  except Exception:\n"
      "    failed += 1\n"
      "listed = {o['Key'] for o in patient.list_objects_v2(Bucket='faults').get('Contents', [])}\n"
      "print(failed > 0, listed == ok)\n";
  CliResult r = run_program("/usr/bin/python3", {"-c", script}, env);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "True True\n") << r.err;
}

}  // namespace
}  // namespace hoist::test

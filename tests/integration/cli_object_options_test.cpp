// Object options of hoist cp: what an upload asks for is what the server keeps, as aws-cli
// reads it back (Content-Type, given or guessed; user metadata; the file's mode; on hoist
// serve also encryption, SSE-C, tags, ACL and object lock), and bad values are refused
// before any request.
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "tests/integration/cli_test_fixture.h"

namespace hoist::test {
namespace {

size_t line_count(const std::string& text) { return std::count(text.begin(), text.end(), '\n'); }

class CliObjectOptionsTest : public CliTest {
 protected:
  std::string url(const std::string& key) { return "s3://" + bucket() + "/" + key; }

  // `aws s3api <verb> --bucket <bucket> --key <key> <extra...>` as JSON.
  nlohmann::json s3api(const std::string& verb, const std::string& key,
                       std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {
        "--endpoint-url", server_->endpoint(), "s3api", verb, "--bucket", bucket(), "--key", key};
    args.insert(args.end(), extra.begin(), extra.end());
    CliResult r = run_program("/usr/bin/aws", args, server_->client_environment());
    EXPECT_EQ(r.exit_code, 0) << verb << " " << key << ": " << r.err;
    return nlohmann::json::parse(r.out, nullptr, /*allow_exceptions=*/false);
  }
  nlohmann::json head(const std::string& key, std::vector<std::string> extra = {}) {
    return s3api("head-object", key, std::move(extra));
  }

  std::string listing() { return hoist({"ls", "--recursive", "s3://" + bucket()}).out; }

  static uint32_t mode_of(const std::string& path) {
    struct stat st {};
    EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
    return st.st_mode & 07777;
  }
};

// What only hoist serve keeps (s3rver ignores encryption, tag, ACL and lock headers).
class CliKeptOptionsTest : public CliObjectOptionsTest {
 protected:
  void SetUp() override {
    if (!test_server_keeps_object_options()) {
      GTEST_SKIP() << "the server keeps only Content-Type and user metadata";
    }
  }
};

TEST_F(CliObjectOptionsTest, ContentTypeIsGuessedFromTheExtensionUnlessGivenOrTurnedOff) {
  const std::string dir = dir_.path() + "/tree";
  dir_.write_file("tree/page.html", "<p>hi</p>");
  dir_.write_file("tree/data.JSON", "{}");
  dir_.write_file("tree/photo.jpeg", "jpeg");
  dir_.write_file("tree/archive.tar.zst", "zst");
  dir_.write_file("tree/noextension", "bytes");
  dir_.write_file("tree/odd.unknownext", "bytes");
  ASSERT_EQ(hoist({"cp", "-r", dir, url("g")}).exit_code, 0);
  EXPECT_EQ(head("g/page.html")["ContentType"], "text/html");
  EXPECT_EQ(head("g/data.JSON")["ContentType"], "application/json");
  EXPECT_EQ(head("g/photo.jpeg")["ContentType"], "image/jpeg");
  EXPECT_EQ(head("g/archive.tar.zst")["ContentType"], "application/zstd");
  EXPECT_EQ(head("g/noextension")["ContentType"], "application/octet-stream");
  EXPECT_EQ(head("g/odd.unknownext")["ContentType"], "application/octet-stream");

  ASSERT_EQ(
      hoist({"cp", dir + "/page.html", url("given"), "--content-type", "text/x-mine"}).exit_code,
      0);
  EXPECT_EQ(head("given")["ContentType"], "text/x-mine");
  ASSERT_EQ(hoist({"cp", dir + "/page.html", url("off"), "--no-guess-mime-type"}).exit_code, 0);
  EXPECT_EQ(head("off")["ContentType"], "application/octet-stream");

  // A multipart upload gets its type from CreateMultipartUpload.
  const std::string big = dir_.write_file("big.csv", pattern_bytes(9 << 20));
  ASSERT_EQ(hoist({"cp", big, url("big.csv"), "--part-size", "5MiB"}).exit_code, 0);
  EXPECT_EQ(head("big.csv")["ContentType"], "text/csv");
}

TEST_F(CliObjectOptionsTest, MetadataShorthandAndJsonRoundTrip) {
  const std::string src = dir_.write_file("f.txt", "x");
  CliResult up = hoist({"cp", src, url("short"), "--metadata", "Team=ops,note=\"a, b\""});
  ASSERT_EQ(up.exit_code, 0) << up.err;
  nlohmann::json meta = head("short")["Metadata"];
  EXPECT_EQ(meta["team"], "ops");
  EXPECT_EQ(meta["note"], "a, b");
  EXPECT_TRUE(meta.contains("mtime"));
  EXPECT_TRUE(meta.contains("mode"));

  const std::string big = dir_.write_file("big.bin", pattern_bytes(9 << 20));
  up = hoist({"cp", big, url("json"), "--metadata", R"({"owner": "backup", "run": "7"})"});
  ASSERT_EQ(up.exit_code, 0) << up.err;
  meta = head("json")["Metadata"];
  EXPECT_EQ(meta["owner"], "backup");
  EXPECT_EQ(meta["run"], "7");
}

TEST_F(CliObjectOptionsTest, FileModeRoundTripsWithoutSpecialBits) {
  const std::string dir = dir_.path() + "/tree";
  const std::string secret = dir_.write_file("tree/secret", "s");
  const std::string tool = dir_.write_file("tree/tool", "t");
  const std::string setuid = dir_.write_file("tree/setuid", "u");
  ASSERT_EQ(::chmod(secret.c_str(), 0600), 0);
  ASSERT_EQ(::chmod(tool.c_str(), 0751), 0);
  ASSERT_EQ(::chmod(setuid.c_str(), 04755), 0);
  ASSERT_EQ(hoist({"cp", "-r", dir, url("m")}).exit_code, 0);
  EXPECT_EQ(head("m/secret")["Metadata"]["mode"], "0100600");
  EXPECT_EQ(head("m/setuid")["Metadata"]["mode"], "0104755");

  const std::string out = dir_.path() + "/out";
  CliResult down = hoist({"cp", "-r", url("m"), out});
  ASSERT_EQ(down.exit_code, 0) << down.err;
  EXPECT_EQ(mode_of(out + "/secret"), 0600u);
  EXPECT_EQ(mode_of(out + "/tool"), 0751u);
  EXPECT_EQ(mode_of(out + "/setuid"), 0755u);  // never setuid from metadata

  // A single download too, and a multipart one.
  const std::string big = dir_.write_file("big", pattern_bytes(9 << 20));
  ASSERT_EQ(::chmod(big.c_str(), 0640), 0);
  ASSERT_EQ(hoist({"cp", big, url("big"), "--part-size", "5MiB"}).exit_code, 0);
  ASSERT_EQ(hoist({"cp", url("big"), out + "/big", "--part-size", "5MiB"}).exit_code, 0);
  EXPECT_EQ(mode_of(out + "/big"), 0640u);
  ASSERT_EQ(hoist({"cp", url("m/secret"), out + "/one"}).exit_code, 0);
  EXPECT_EQ(mode_of(out + "/one"), 0600u);
}

// Cache-Control, Content-Disposition, Content-Encoding, Content-Language, Expires and the
// website redirect travel as aws-cli sends them, on single and multipart uploads: what the
// server keeps of hoist's object equals what it keeps of aws-cli's.
TEST_F(CliObjectOptionsTest, ContentHeadersAreStoredAsAwsCliStoresThem) {
  const std::vector<std::string> flags = {"--cache-control",
                                          "max-age=60",
                                          "--content-disposition",
                                          "attachment; filename=\"r.txt\"",
                                          "--content-language",
                                          "de-CH",
                                          "--expires",
                                          "2030-01-02T03:04:05Z",
                                          "--content-encoding",
                                          "identity"};
  const std::string small = dir_.write_file("small.txt", "small");
  const std::string big = dir_.write_file("big.bin", pattern_bytes(6 << 20));
  for (const auto& [file, name] : {std::pair{small, std::string("small")}, {big, "big"}}) {
    SCOPED_TRACE(name);
    std::vector<std::string> ours = {"cp", file, url("hoist-" + name), "--multipart-threshold",
                                     "5MiB"};
    std::vector<std::string> these = flags;
    // s3rver refuses the redirect on CreateMultipartUpload (S3 takes it): single PUTs only.
    if (name == "small") these.insert(these.end(), {"--website-redirect", "/elsewhere"});
    ours.insert(ours.end(), these.begin(), these.end());
    CliResult up = hoist(ours);
    ASSERT_EQ(up.exit_code, 0) << up.err;
    std::vector<std::string> theirs = {"--endpoint-url",  server_->endpoint(), "s3", "cp", file,
                                       url("aws-" + name)};
    theirs.insert(theirs.end(), these.begin(), these.end());
    CliResult reference = run_program("/usr/bin/aws", theirs, server_->client_environment());
    ASSERT_EQ(reference.exit_code, 0) << reference.err;
    const nlohmann::json mine = head("hoist-" + name);
    const nlohmann::json expected = head("aws-" + name);
    for (const char* field : {"CacheControl", "ContentDisposition", "ContentEncoding",
                              "ContentLanguage", "Expires", "WebsiteRedirectLocation"}) {
      EXPECT_EQ(mine.value(field, nlohmann::json()), expected.value(field, nlohmann::json()))
          << field << "\n"
          << mine.dump(2) << "\n"
          << expected.dump(2);
    }
    if (!test_server_keeps_content_headers()) continue;
    EXPECT_EQ(mine.value("CacheControl", ""), "max-age=60") << mine.dump(2);
    if (name == "small") {
      EXPECT_EQ(mine.value("WebsiteRedirectLocation", ""), "/elsewhere") << mine.dump(2);
    }
    EXPECT_EQ(mine.value("Expires", ""), "2030-01-02T03:04:05+00:00") << mine.dump(2);
  }
}

TEST_F(CliObjectOptionsTest, BadValuesAreRefusedBeforeAnyRequest) {
  const std::string src = dir_.write_file("f.txt", "x");
  const std::string short_key = dir_.write_file("short.key", std::string(31, 'k'));
  const std::string missing_key = dir_.path() + "/no-such.key";
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--acl", "public"}, "--acl 'public' is not one of"},
      {{"--expires", "next week"}, "--expires 'next week' is not an ISO 8601 time"},
      {{"--website-redirect", "elsewhere"}, "--website-redirect 'elsewhere' must start with"},
      {{"--content-encoding", "br", "--compress", "gzip"}, "both set Content-Encoding"},
      {{"--sse", "AES128"}, "--sse 'AES128' is not one of"},
      {{"--sse-kms-key-id", "k"}, "--sse-kms-key-id needs --sse aws:kms"},
      {{"--metadata", "novalue"}, "--metadata: 'novalue' is not name=value"},
      {{"--metadata", "{\"a\": 1}"}, "--metadata: the value of a is not a string"},
      {{"--metadata", "mtime=1"}, "--metadata: 'mtime' is metadata hoist writes itself"},
      {{"--metadata", "bad name=1"}, "--metadata: 'bad name' is not a valid header name"},
      {{"--tagging", "novalue"}, "--tagging: 'novalue' is not key=value"},
      {{"--tagging", "a=1&a=2"}, "--tagging: 'a' is given twice"},
      {{"--sse-c", "AES256", "--sse-c-key", "fileb://" + short_key},
       "--sse-c-key must be 32 bytes (an AES-256 key), not 31"},
      {{"--sse-c", "AES256", "--sse-c-key", "fileb://" + missing_key},
       "--sse-c-key: cannot read " + missing_key},
      {{"--sse-c", "AES256"}, "--sse-c needs --sse-c-key"},
      {{"--object-lock-mode", "GOVERNANCE"}, "must be given together"},
      {{"--object-lock-retain-until-date", "2099-01-01"}, "must be given together"},
      {{"--object-lock-mode", "SOMETIMES", "--object-lock-retain-until", "2099-01-01"},
       "--object-lock-mode 'SOMETIMES' is not one of"},
      {{"--object-lock-mode", "GOVERNANCE", "--object-lock-retain-until", "yesterday"},
       "is not an ISO 8601 time"},
      {{"--object-lock-legal-hold", "maybe"}, "--object-lock-legal-hold-status 'maybe'"},
      {{"--object-lock-legal-hold", "ON", "--checksum-algorithm", "none"},
       "object lock needs a checksum"},
  };
  for (const auto& [flags, expected] : cases) {
    std::vector<std::string> args = {"cp", src, url("k")};
    args.insert(args.end(), flags.begin(), flags.end());
    CliResult r = hoist(args);
    EXPECT_NE(r.exit_code, 0) << flags[0];
    EXPECT_NE(r.err.find(expected), std::string::npos) << "want: " << expected << "\n" << r.err;
    // One line; a usage error (exit 2) adds CLI11's pointer to --help.
    EXPECT_EQ(line_count(r.err), r.exit_code == 252 ? 2u : 1u) << r.err;
    EXPECT_EQ(r.out, "");
  }
  EXPECT_EQ(listing(), "");
}

TEST_F(CliKeptOptionsTest, EncryptionTagsAclAndLockAreKept) {
  const std::string src = dir_.write_file("f.txt", "x");
  CliResult up =
      hoist({"cp", src, url("kms"), "--sse", "aws:kms", "--sse-kms-key-id", kTestKmsKeyId,
             "--tagging", "team=ops&stage=a b", "--acl", "bucket-owner-full-control",
             "--object-lock-mode", "GOVERNANCE", "--object-lock-retain-until-date",
             "2099-12-31T10:00:00Z", "--object-lock-legal-hold-status", "ON"});
  ASSERT_EQ(up.exit_code, 0) << up.err;
  nlohmann::json h = head("kms");
  EXPECT_EQ(h["ServerSideEncryption"], "aws:kms");
  EXPECT_EQ(h["SSEKMSKeyId"], kTestKmsKeyId);
  EXPECT_EQ(h["ObjectLockMode"], "GOVERNANCE");
  EXPECT_EQ(h["ObjectLockRetainUntilDate"], "2099-12-31T10:00:00+00:00");
  EXPECT_EQ(h["ObjectLockLegalHoldStatus"], "ON");
  EXPECT_EQ(h["ContentType"], "text/plain");
  nlohmann::json got = s3api("get-object", "kms", {dir_.path() + "/got"});
  EXPECT_EQ(got["TagCount"], 2);

  // SSE-S3 on a multipart upload, with the issue's spelling of the lock flags.
  const std::string big = dir_.write_file("big.bin", pattern_bytes(9 << 20));
  up = hoist({"cp", big, url("big"), "--part-size", "5MiB", "--sse", "AES256", "--tagging", "k=v",
              "--object-lock-mode", "COMPLIANCE", "--object-lock-retain-until", "2099-01-01",
              "--object-lock-legal-hold", "OFF"});
  ASSERT_EQ(up.exit_code, 0) << up.err;
  h = head("big");
  EXPECT_EQ(h["ServerSideEncryption"], "AES256");
  EXPECT_EQ(h["ObjectLockMode"], "COMPLIANCE");
  EXPECT_EQ(h["ObjectLockRetainUntilDate"], "2099-01-01T00:00:00+00:00");
  EXPECT_EQ(h["ObjectLockLegalHoldStatus"], "OFF");
  EXPECT_EQ(s3api("get-object", "big", {dir_.path() + "/got-big"})["TagCount"], 1);

  // As in aws-cli, --sse alone is AES256.
  ASSERT_EQ(hoist({"cp", src, url("bare"), "--sse"}).exit_code, 0);
  EXPECT_EQ(head("bare")["ServerSideEncryption"], "AES256");
  ASSERT_EQ(hoist({"cp", src, url("plain")}).exit_code, 0);
  EXPECT_FALSE(head("plain").contains("ServerSideEncryption"));
}

TEST_F(CliKeptOptionsTest, KmsKeyTheServerRejectsFailsEachObjectClearly) {
  const std::string dir = dir_.path() + "/tree";
  dir_.write_file("tree/a", "a");
  dir_.write_file("tree/b", "b");
  dir_.write_file("tree/big", pattern_bytes(9 << 20));
  CliResult up = hoist({"cp", "-r", dir, url("p"), "--sse", "aws:kms", "--sse-kms-key-id",
                        "no-such-key", "--part-size", "5MiB"});
  EXPECT_EQ(up.exit_code, 1);
  for (const char* key : {"p/a", "p/b", "p/big"}) {
    EXPECT_NE(up.err.find("hoist: cp: " + url(key) +
                          ": KMS.NotFoundException: Invalid keyId 'no-such-key'"),
              std::string::npos)
        << key << ": " << up.err;
  }
  EXPECT_NE(up.err.find("3 failed"), std::string::npos) << up.err;
  EXPECT_EQ(listing(), "");

  // The same tree with a key the server has: every object goes.
  up = hoist({"cp", "-r", dir, url("p"), "--sse", "aws:kms", "--sse-kms-key-id", kTestKmsKeyId,
              "--part-size", "5MiB"});
  EXPECT_EQ(up.exit_code, 0) << up.err;
  EXPECT_EQ(head("p/big")["SSEKMSKeyId"], kTestKmsKeyId);
}

TEST_F(CliKeptOptionsTest, CustomerKeyEncryptsUploadsAndIsNeededToReadThem) {
  std::string raw_key = pattern_bytes(32);
  const std::string key_file = dir_.write_file("sse.key", raw_key);
  const std::string key_arg = "fileb://" + key_file;
  const std::string small = pattern_bytes(1000);
  const std::string large = pattern_bytes(12 << 20);
  const std::string small_src = dir_.write_file("small.bin", small);
  const std::string large_src = dir_.write_file("large.bin", large);

  std::string debug_output;
  for (const auto& [src, key] : {std::pair{small_src, "small"}, std::pair{large_src, "large"}}) {
    CliResult up = hoist({"--debug", "cp", src, url(key), "--part-size", "5MiB", "--sse-c",
                          "AES256", "--sse-c-key", key_arg});
    ASSERT_EQ(up.exit_code, 0) << up.err;
    debug_output += up.err;
    const std::string dst = dir_.path() + "/" + key + ".out";
    CliResult down = hoist({"--debug", "cp", url(key), dst, "--part-size", "5MiB", "--sse-c",
                            "AES256", "--sse-c-key", key_arg});
    ASSERT_EQ(down.exit_code, 0) << down.err;
    debug_output += down.err;
    EXPECT_EQ(read_file(dst), src == small_src ? small : large);
  }
  // Every request that carries object bytes carried the key: PUT, Create, three parts, and
  // the downloads' HEAD and GETs; --debug showed it redacted, never as itself.
  size_t redacted = 0;
  for (size_t at = debug_output.find("x-amz-server-side-encryption-customer-key: <redacted>");
       at != std::string::npos;
       at = debug_output.find("x-amz-server-side-encryption-customer-key: <redacted>", at + 1)) {
    ++redacted;
  }
  EXPECT_GE(redacted, 8u) << debug_output;
  CliResult b64 = run_program("/usr/bin/base64", {"-w0", key_file});
  ASSERT_FALSE(b64.out.empty());
  EXPECT_EQ(debug_output.find(b64.out), std::string::npos) << "the key leaked (base64)";
  EXPECT_EQ(debug_output.find(raw_key), std::string::npos) << "the key leaked";

  // hoist verify reads them with the key (a HeadObject, and GETs with --download), and
  // without it cannot.
  const std::string copies = dir_.path() + "/verify-copies";
  std::filesystem::create_directories(copies);
  std::filesystem::copy_file(small_src, copies + "/small");
  std::filesystem::copy_file(large_src, copies + "/large");
  for (const char* mode : {"", "--download"}) {
    std::vector<std::string> args = {"verify", copies,        url(""), "--sse-c",
                                     "AES256", "--sse-c-key", key_arg};
    if (*mode) args.push_back(mode);
    CliResult verified = hoist(args);
    EXPECT_EQ(verified.exit_code, 0) << mode << verified.out << verified.err;
    EXPECT_NE(verified.out.find("2 match"), std::string::npos) << verified.out;
  }
  CliResult keyless = hoist({"verify", copies, url("")});
  EXPECT_EQ(keyless.exit_code, 1) << keyless.out;

  // aws-cli reads the object with the same key and sees SSE-C.
  nlohmann::json h =
      head("large", {"--sse-customer-algorithm", "AES256", "--sse-customer-key", key_arg});
  EXPECT_EQ(h["SSECustomerAlgorithm"], "AES256");

  // Without the key, or with another, downloads fail naming the cause and leave no file.
  const std::string nowhere = dir_.path() + "/never";
  for (const char* key : {"small", "large"}) {
    CliResult without = hoist({"cp", url(key), nowhere});
    EXPECT_EQ(without.exit_code, 1);
    EXPECT_NE(without.err.find("SSE-C"), std::string::npos) << without.err;
    EXPECT_EQ(line_count(without.err), 1u) << without.err;
  }
  const std::string other_key = dir_.write_file("other.key", pattern_bytes(31) + "!");
  CliResult wrong = hoist(
      {"cp", url("small"), nowhere, "--sse-c", "AES256", "--sse-c-key", "fileb://" + other_key});
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_NE(wrong.err.find("AccessDenied"), std::string::npos) << wrong.err;
  EXPECT_NE(wrong.err.find("--sse-c-key is not the object's key"), std::string::npos) << wrong.err;
  EXPECT_NE(::access(nowhere.c_str(), F_OK), 0);

  // A recursive download of SSE-C objects works with the key too.
  CliResult tree = hoist({"cp", "-r", "s3://" + bucket(), dir_.path() + "/all", "--sse-c", "AES256",
                          "--sse-c-key", key_arg});
  EXPECT_EQ(tree.exit_code, 0) << tree.err;
  EXPECT_EQ(read_file(dir_.path() + "/all/large"), large);
}

TEST_F(CliKeptOptionsTest, SyncCarriesTheObjectOptionsBothWays) {
  std::string raw_key = pattern_bytes(32);
  const std::string key_arg = "fileb://" + dir_.write_file("sse.key", raw_key);
  const std::string src = dir_.path() + "/src";
  dir_.write_file("src/a.txt", "a");
  dir_.write_file("src/b/c.json", "{}");
  const std::vector<std::string> sse_c = {"--sse-c", "AES256", "--sse-c-key", key_arg};
  auto sync = [&](std::vector<std::string> args) {
    args.insert(args.begin(), "sync");
    args.insert(args.end(), sse_c.begin(), sse_c.end());
    return hoist(args);
  };
  CliResult up = sync({src, url("s"), "--metadata", "origin=sync"});
  ASSERT_EQ(up.exit_code, 0) << up.err;
  EXPECT_EQ(line_count(up.out), 2u) << up.out;
  nlohmann::json h =
      head("s/b/c.json", {"--sse-customer-algorithm", "AES256", "--sse-customer-key", key_arg});
  EXPECT_EQ(h["ContentType"], "application/json");
  EXPECT_EQ(h["Metadata"]["origin"], "sync");
  EXPECT_EQ(h["SSECustomerAlgorithm"], "AES256");

  // Nothing changed: nothing moves, whether the sync asks the server or its cache.
  CliResult again = sync({src, url("s"), "--state-dir", dir_.path() + "/state"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.out, "");
  const std::string dst = dir_.path() + "/dst";
  CliResult down = sync({url("s"), dst});
  ASSERT_EQ(down.exit_code, 0) << down.err;
  EXPECT_EQ(read_file(dst + "/b/c.json"), "{}");
  CliResult down_again = sync({url("s"), dst});
  EXPECT_EQ(down_again.exit_code, 0) << down_again.err;
  EXPECT_EQ(down_again.out, "");
}

}  // namespace
}  // namespace hoist::test

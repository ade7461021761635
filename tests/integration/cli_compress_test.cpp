// `hoist cp --compress` and transparent decompression, end to end: gzip and zstd objects
// below and above the multipart threshold round-trip byte for byte; what is stored opens
// with plain `gunzip` / `zstd -d` after a download by aws-cli; HeadObject (aws-cli) shows
// Content-Encoding and the uncompressed size; incompressible files are stored as they are;
// bad codec specs are refused before anything is sent; --raw gives the stored bytes; objects
// other tools stored with Content-Encoding gzip are decompressed, corrupt ones refused
// without leaving a file.
#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/integration/cli_test_fixture.h"
#include "tests/integration/serve_process.h"

namespace hoist::test {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMiB = size_t{1} << 20;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

size_t line_count(const std::string& text) {
  return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
}

// Log-like text that compresses about 3:1, different from seed to seed.
std::string compressible(size_t size, uint32_t seed) {
  const std::string noise = test::seeded_bytes(size / 8 + 64, seed);
  static const char* const kWords[] = {"GET", "PUT", "/api/items", "/api/users", "200",
                                       "404", "ok",  "latency",    "bytes",      "user"};
  std::string out;
  out.reserve(size + 64);
  size_t i = 0;
  while (out.size() < size) {
    const auto n = static_cast<unsigned char>(noise[i % noise.size()]);
    out += kWords[n % 10];
    out += n % 7 == 0 ? '\n' : ' ';
    out += std::to_string(n % 50);
    out += ' ';
    ++i;
  }
  out.resize(size);
  return out;
}

class CliCompressTest : public CliTest {
 protected:
  static bool on_serve() { return dynamic_cast<ServeProcess*>(server_.get()) != nullptr; }

  std::string url(const std::string& key) { return "s3://" + bucket() + "/" + key; }

  // /usr/bin/aws --endpoint-url <server> s3api <args...>
  CliResult s3api(std::vector<std::string> args) {
    std::vector<std::string> full = {"--endpoint-url", server_->endpoint(), "s3api"};
    full.insert(full.end(), args.begin(), args.end());
    return run_program("/usr/bin/aws", full, server_->client_environment());
  }

  nlohmann::json head(const std::string& key) {
    CliResult r = s3api({"head-object", "--bucket", bucket(), "--key", key});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.exit_code == 0 ? nlohmann::json::parse(r.out) : nlohmann::json::object();
  }

  // The stored bytes as aws-cli's get-object writes them.
  std::string stored_bytes(const std::string& key) {
    const std::string path = dir_.path() + "/aws-get.out";
    CliResult r = s3api({"get-object", "--bucket", bucket(), "--key", key, path});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::string bytes = read_file(path);
    fs::remove(path);
    return bytes;
  }

  // `gunzip -c` or `zstd -dc` of `bytes`, through a file as a user would do it.
  std::string system_decompress(const std::string& codec, const std::string& bytes) {
    const std::string path = dir_.write_file("stored." + codec, bytes);
    CliResult r = codec == "gzip" ? run_program("/usr/bin/gunzip", {"-c", path})
                                  : run_program("/usr/bin/zstd", {"-dc", path});
    EXPECT_EQ(r.exit_code, 0) << codec << ": " << r.err;
    fs::remove(path);
    return r.out;
  }

  // `hoist --output json cp <args...>`: the summary, after checking it succeeded.
  nlohmann::json cp_json(std::vector<std::string> args) {
    args.insert(args.begin(), {"--output", "json", "cp"});
    CliResult r = hoist(args);
    EXPECT_EQ(r.exit_code, 0) << r.err << r.out;
    return r.exit_code == 0 ? nlohmann::json::parse(r.out) : nlohmann::json::object();
  }

  // What `hoist cp` writes for `key` (decompressed unless `extra` holds --raw).
  std::string download(const std::string& key, std::vector<std::string> extra = {}) {
    const std::string path = dir_.path() + "/download.out";
    std::vector<std::string> args = {"cp", url(key), path, "--part-size", "5MiB"};
    args.insert(args.end(), extra.begin(), extra.end());
    CliResult r = hoist(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::string bytes = read_file(path);
    fs::remove(path);
    return bytes;
  }

  // Names of the files in the test's directory (downloads must leave none behind).
  std::vector<std::string> files_named(const std::string& part) {
    std::vector<std::string> out;
    for (const auto& entry : fs::directory_iterator(dir_.path())) {
      const std::string name = entry.path().filename().string();
      if (contains(name, part)) out.push_back(name);
    }
    return out;
  }
};

// 1. gzip and zstd, a single PutObject (1 MiB) and a multipart upload (40 MiB in 5 MiB parts).
class CompressRoundTrip : public CliCompressTest,
                          public ::testing::WithParamInterface<std::tuple<std::string, size_t>> {};

TEST_P(CompressRoundTrip, StoredCompressedAndReadBackByEveryClient) {
  const auto& [codec, size] = GetParam();
  const std::string content = compressible(size, static_cast<uint32_t>(size));
  const std::string src = dir_.write_file("src.txt", content);
  const std::string key = "c/" + codec + ".txt";

  nlohmann::json up = cp_json({src, url(key), "--compress", codec, "--part-size", "5MiB",
                               "--multipart-threshold", "5MiB", "--no-progress"});
  ASSERT_EQ(up["objects"], 1);
  EXPECT_EQ(up["bytes"], size);  // the file's bytes...
  const uint64_t stored_size = up["stored_bytes"].get<uint64_t>();
  EXPECT_LT(stored_size, size / 2);  // ...and what S3 holds

  // What another client sees: the encoding, the file's size, and the compressed length.
  const nlohmann::json meta = head(key);
  EXPECT_EQ(meta.value("ContentEncoding", "<none>"), codec);
  EXPECT_EQ(meta["Metadata"].value("hoist-uncompressed-size", "<none>"), std::to_string(size));
  EXPECT_EQ(meta["ContentLength"].get<uint64_t>(), stored_size);
  if (on_serve() && size > 5 * kMiB) {
    // Compressed chunks were packed into full 5 MiB parts, the last one shorter.
    const std::string etag = meta["ETag"].get<std::string>();
    EXPECT_TRUE(contains(etag, "-" + std::to_string((stored_size + 5 * kMiB - 1) / (5 * kMiB))))
        << etag;
  }

  // The stored bytes are one plain .gz / .zst stream of the file.
  const std::string stored = stored_bytes(key);
  EXPECT_EQ(stored.size(), stored_size);
  EXPECT_TRUE(system_decompress(codec, stored) == content) << "gunzip/zstd -d output differs";
  if (on_serve()) {
    // The stored checksum (FULL_OBJECT for multipart) is that of the compressed bytes.
    CliResult checked =
        s3api({"head-object", "--bucket", bucket(), "--key", key, "--checksum-mode", "ENABLED"});
    ASSERT_EQ(checked.exit_code, 0) << checked.err;
    CliResult hash = run_hoist({"--output", "json", "hash", "--algorithm", "CRC32C",
                                dir_.write_file("stored.bin", stored)});
    ASSERT_EQ(hash.exit_code, 0) << hash.err;
    EXPECT_EQ(nlohmann::json::parse(checked.out).value("ChecksumCRC32C", "<none>"),
              nlohmann::json::parse(hash.out).at(0)["full_object"].get<std::string>());
  }

  // hoist decompresses on the way down; --raw keeps what is stored.
  EXPECT_TRUE(download(key) == content) << "downloaded bytes differ";
  EXPECT_TRUE(download(key, {"--raw"}) == stored) << "--raw bytes differ from the stored ones";

  // So does a download to stdout.
  CliResult out = hoist({"cp", url(key), "-", "--part-size", "5MiB"});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  EXPECT_TRUE(out.out == content) << "stdout bytes differ";
}

INSTANTIATE_TEST_SUITE_P(Codecs, CompressRoundTrip,
                         ::testing::Combine(::testing::Values("gzip", "zstd"),
                                            ::testing::Values(1 * kMiB, 40 * kMiB)),
                         [](const auto& info) {
                           return std::get<0>(info.param) + "_" +
                                  std::to_string(std::get<1>(info.param) >> 20) + "MiB";
                         });

// 2. Explicit levels: zstd's densest and gzip's densest.
TEST_F(CliCompressTest, CompressLevelsAreAccepted) {
  const std::string content = compressible(3 * kMiB, 7);
  const std::string src = dir_.write_file("levels.txt", content);
  for (const std::string spec : {"zstd:19", "gzip:3", "ZSTD:-3"}) {
    const std::string key = "levels/" + spec;
    nlohmann::json up = cp_json({src, url(key), "--compress", spec});
    EXPECT_LT(up["stored_bytes"].get<uint64_t>(), content.size() / 2) << spec;
    EXPECT_TRUE(download(key) == content) << spec;
  }
}

// 2b. A file above the size compressed in one buffer but below a raised threshold is
// compressed as a stream and still stored with one PutObject.
TEST_F(CliCompressTest, MidSizeFileBelowARaisedThresholdIsOnePutObject) {
  const std::string content = compressible(12 * kMiB, 8);
  const std::string src = dir_.write_file("mid.txt", content);
  nlohmann::json up = cp_json({src, url("mid.txt"), "--compress", "gzip", "--part-size", "16MiB",
                               "--multipart-threshold", "64MiB"});
  EXPECT_EQ(up["bytes"], content.size());
  const nlohmann::json meta = head("mid.txt");
  EXPECT_EQ(meta.value("ContentEncoding", "<none>"), "gzip");
  EXPECT_EQ(meta["ContentLength"], up["stored_bytes"]);
  if (on_serve()) {
    EXPECT_FALSE(contains(meta["ETag"].get<std::string>(), "-")) << meta.dump();
  }
  EXPECT_TRUE(download("mid.txt") == content);
}

// 3. Random bytes do not compress: stored as they are, with no Content-Encoding, both as a
// single PutObject and above the multipart threshold.
TEST_F(CliCompressTest, IncompressibleFilesAreStoredAsTheyAre) {
  for (size_t size : {1 * kMiB, 12 * kMiB}) {
    const std::string content = test::seeded_bytes(size, static_cast<uint32_t>(size));
    const std::string src = dir_.write_file("random.bin", content);
    const std::string key = "random/" + std::to_string(size);
    nlohmann::json up = cp_json({src, url(key), "--compress", "zstd", "--part-size", "5MiB",
                                 "--multipart-threshold", "5MiB"});
    EXPECT_EQ(up["bytes"], size);
    EXPECT_EQ(up["stored_bytes"], size);
    const nlohmann::json meta = head(key);
    EXPECT_FALSE(meta.contains("ContentEncoding")) << meta.dump();
    EXPECT_FALSE(meta["Metadata"].contains("hoist-uncompressed-size")) << meta.dump();
    EXPECT_EQ(meta["ContentLength"], size);
    EXPECT_TRUE(download(key) == content) << size;
  }
}

// 4. Bad codec specs: one line naming the spec and what is accepted (and the pointer to
// --help), exit 252, nothing stored.
TEST_F(CliCompressTest, BadCompressSpecsAreRefusedBeforeAnythingIsSent) {
  const std::string src = dir_.write_file("small.txt", compressible(1000, 3));
  for (const std::string spec : {"lz4", "zstd:99", "gzip:9", "zstd:fast"}) {
    CliResult r = hoist({"cp", src, url("bad/small.txt"), "--compress", spec});
    EXPECT_EQ(r.exit_code, 252) << spec;
    EXPECT_EQ(line_count(r.err), 2u) << r.err;
    EXPECT_TRUE(contains(r.err, "invalid compression '" + spec + "'")) << r.err;
  }
  CliResult ls = hoist({"ls", "--recursive", "s3://" + bucket()});
  EXPECT_EQ(ls.exit_code, 0) << ls.err;
  EXPECT_EQ(ls.out, "");
}

// 5. A tree of mixed files, compressed on the way up and restored on the way down.
TEST_F(CliCompressTest, TreeRoundTripMixesCompressedAndStoredFiles) {
  const std::string root = dir_.path() + "/tree";
  std::map<std::string, std::string> files = {
      {"a.log", compressible(300'000, 1)},
      {"sub/big.log", compressible(11 * kMiB, 2)},
      {"sub/random.bin", test::seeded_bytes(200'000, 3)},
      {"empty.txt", ""},
  };
  for (const auto& [name, content] : files) dir_.write_file("tree/" + name, content);
  nlohmann::json up = cp_json({root, url("tree"), "-r", "--compress", "gzip", "--part-size", "5MiB",
                               "--multipart-threshold", "5MiB"});
  EXPECT_EQ(up["objects"], files.size());
  EXPECT_LT(up["stored_bytes"].get<uint64_t>(), up["bytes"].get<uint64_t>());
  EXPECT_EQ(head("tree/sub/big.log").value("ContentEncoding", "<none>"), "gzip");
  EXPECT_FALSE(head("tree/sub/random.bin").contains("ContentEncoding"));

  const std::string back = dir_.path() + "/back";
  nlohmann::json down = cp_json({url("tree"), back, "-r", "--part-size", "5MiB"});
  EXPECT_EQ(down["bytes"], up["bytes"]);
  for (const auto& [name, content] : files) {
    EXPECT_TRUE(read_file(back + "/" + name) == content) << name;
  }
}

// 6. stdin compressed: the stream is compressed as it is read.
TEST_F(CliCompressTest, StdinIsCompressedToo) {
  const std::string content = compressible(2 * kMiB, 9);
  const std::string src = dir_.write_file("stdin.txt", content);
  std::vector<std::string> args = {"--endpoint-url", server_->endpoint(), "cp",  "-",
                                   url("stdin.zst"), "--compress",        "zstd"};
  CliResult up = run_hoist(args, server_->client_environment(), src);
  ASSERT_EQ(up.exit_code, 0) << up.err;
  const nlohmann::json meta = head("stdin.zst");
  EXPECT_EQ(meta.value("ContentEncoding", "<none>"), "zstd");
  EXPECT_EQ(meta["Metadata"].value("hoist-uncompressed-size", "<none>"),
            std::to_string(content.size()));
  EXPECT_TRUE(download("stdin.zst") == content);
}

// 7. Objects other tools stored with Content-Encoding gzip are decompressed too; one whose
// content is not gzip at all fails with a one-line error and leaves no file behind.
TEST_F(CliCompressTest, ForeignGzipObjectsAreDecodedAndCorruptOnesRefused) {
  const std::string content = compressible(500'000, 5);
  const std::string plain = dir_.write_file("foreign.txt", content);
  CliResult gz = run_program("/usr/bin/gzip", {"-k", "-f", plain});
  ASSERT_EQ(gz.exit_code, 0) << gz.err;
  CliResult put = s3api({"put-object", "--bucket", bucket(), "--key", "foreign.txt", "--body",
                         plain + ".gz", "--content-encoding", "gzip"});
  ASSERT_EQ(put.exit_code, 0) << put.err;
  EXPECT_TRUE(download("foreign.txt") == content);

  // One GET into a buffer, and ranged GETs decoded in order.
  for (size_t size : {size_t{20'000}, 6 * kMiB}) {
    const std::string garbage = dir_.write_file("garbage.bin", compressible(size, 6));
    put = s3api({"put-object", "--bucket", bucket(), "--key", "garbage.txt", "--body", garbage,
                 "--content-encoding", "gzip"});
    ASSERT_EQ(put.exit_code, 0) << put.err;
    const std::string target = dir_.path() + "/refused.txt";
    CliResult refused = hoist({"cp", url("garbage.txt"), target, "--part-size", "5MiB"});
    EXPECT_EQ(refused.exit_code, 1) << size;
    EXPECT_TRUE(contains(refused.err, "InvalidContentEncoding")) << refused.err;
    EXPECT_EQ(line_count(refused.err), 1u) << refused.err;
    EXPECT_TRUE(files_named("refused").empty()) << size;  // neither the file nor a temporary
    CliResult to_stdout = hoist({"cp", url("garbage.txt"), "-", "--part-size", "5MiB"});
    EXPECT_EQ(to_stdout.exit_code, 1) << size;
    // --raw does not look inside.
    EXPECT_TRUE(download("garbage.txt", {"--raw"}) == read_file(garbage)) << size;
  }
}

// 8. hoist sync with --compress: the second run, with or without the state cache, finds
// nothing changed (the objects' sizes are the files' sizes, from the metadata), and a sync
// down restores the tree.
TEST_F(CliCompressTest, SyncOfACompressedTreeMovesNothingTheSecondTime) {
  const std::string root = dir_.path() + "/src";
  std::map<std::string, std::string> files = {
      {"a.log", compressible(300'000, 11)},
      {"sub/b.log", compressible(6 * kMiB, 12)},
      {"sub/random.bin", test::seeded_bytes(100'000, 13)},
  };
  for (const auto& [name, content] : files) dir_.write_file("src/" + name, content);
  auto sync = [&](std::vector<std::string> args) {
    std::vector<std::string> full = {"--output", "json", "sync"};
    full.insert(full.end(), args.begin(), args.end());
    full.insert(full.end(), {"--state-dir", dir_.path() + "/state", "--part-size", "5MiB",
                             "--multipart-threshold", "5MiB"});
    CliResult r = hoist(full);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.exit_code == 0 ? nlohmann::json::parse(r.out) : nlohmann::json::object();
  };
  EXPECT_EQ(sync({root, url("s"), "--compress", "zstd"})["objects"], files.size());
  EXPECT_EQ(head("s/sub/b.log").value("ContentEncoding", "<none>"), "zstd");
  EXPECT_EQ(sync({root, url("s"), "--compress", "zstd"})["objects"], 0);
  EXPECT_EQ(sync({root, url("s"), "--compress", "zstd", "--no-state-cache"})["objects"], 0);

  const std::string down = dir_.path() + "/down";
  EXPECT_EQ(sync({url("s"), down})["objects"], files.size());
  for (const auto& [name, content] : files) {
    EXPECT_TRUE(read_file(down + "/" + name) == content) << name;
  }
  EXPECT_EQ(sync({url("s"), down})["objects"], 0);
}

}  // namespace
}  // namespace hoist::test

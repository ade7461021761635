// `hoist cp` on the parallel transfer engine, end to end through the CLI: multipart round
// trips at the part boundaries, directory trees with aws-cli's key naming, mtimes, stdin and
// stdout streams, the JSON summary, bad input, unreadable entries, symlinks and the checksum
// algorithms. Part size and threshold are pinned at S3's 5 MiB minimum so that multipart
// objects stay small enough for a quick suite.
//
// Against hoist serve the tests also look at what the server stored (checksum headers, read
// through a presigned GET) and corrupt the stored bytes to prove downloads verify them.
// s3rver neither keeps nor returns checksums, so there only the bytes are compared.
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "engine/http/event_loop.h"
#include "tests/integration/cli_test_fixture.h"
#include "tests/integration/serve_process.h"
#include "tests/integration/tree_snapshot.h"
#include "tests/support/test_bytes.h"

namespace hoist::test {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMiB = size_t{1} << 20;
constexpr size_t kPart = 5 * kMiB;  // S3's minimum part size, the --part-size the tests pass

size_t line_count(const std::string& text) {
  return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Feeds `bytes` to a child's standard input through a FIFO, as `printf ... | hoist cp - ...`
// would: the child reads a pipe, with short reads and no size to stat, not a file. Start it
// before the child: the child's open of the FIFO waits for this writer.
class PipeFeeder {
 public:
  PipeFeeder(std::string fifo_path, std::string bytes)
      : path_(std::move(fifo_path)), bytes_(std::move(bytes)) {
    if (::mkfifo(path_.c_str(), 0600) != 0) {
      ADD_FAILURE() << "mkfifo " << path_ << ": " << std::strerror(errno);
      return;
    }
    thread_ = std::thread([this] { feed(); });
  }
  ~PipeFeeder() {
    if (thread_.joinable()) thread_.join();
  }
  PipeFeeder(const PipeFeeder&) = delete;
  PipeFeeder& operator=(const PipeFeeder&) = delete;

  const std::string& path() const { return path_; }

 private:
  void feed() {
    // A reader that quits early must make write() fail with EPIPE, not kill the test binary:
    // SIGPIPE is blocked in this thread only, and a pending one dies with it.
    sigset_t pipe_signal;
    sigemptyset(&pipe_signal);
    sigaddset(&pipe_signal, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_signal, nullptr);
    // Opened without blocking (ENXIO until the child opens its end), so that a child that
    // never opens it cannot hang the test.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    int fd = -1;
    while ((fd = ::open(path_.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC)) < 0 && errno == ENXIO &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    if (fd < 0) return;
    ::fcntl(fd, F_SETFL, 0);
    size_t sent = 0;
    while (sent < bytes_.size()) {
      ssize_t n = ::write(fd, bytes_.data() + sent, bytes_.size() - sent);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      sent += static_cast<size_t>(n);
    }
    ::close(fd);
  }

  std::string path_;
  std::string bytes_;
  std::thread thread_;
};

class CliTransferTest : public CliTest {
 protected:
  // The hoist serve process behind this binary, or null under s3rver. Only hoist serve
  // stores checksums, and its store's layout is known (tools/serve/file_store.h).
  static ServeProcess* serve() { return dynamic_cast<ServeProcess*>(server_.get()); }

  std::string url(const std::string& key) { return "s3://" + bucket() + "/" + key; }

  // hoist --endpoint-url <server> <args...>, reading standard input from `stdin_path`.
  CliResult hoist_reading(const std::string& stdin_path, std::vector<std::string> args) {
    std::vector<std::string> full = {"--endpoint-url", server_->endpoint()};
    full.insert(full.end(), args.begin(), args.end());
    return run_hoist(full, server_->client_environment(), stdin_path);
  }

  // Every key in the bucket, from `hoist --output json ls --recursive`.
  std::vector<std::string> keys() {
    CliResult ls = hoist({"--output", "json", "ls", "--recursive", "s3://" + bucket()});
    EXPECT_EQ(ls.exit_code, 0) << ls.err;
    std::vector<std::string> out;
    if (ls.exit_code != 0) return out;
    const nlohmann::json listing = nlohmann::json::parse(ls.out);
    for (const auto& object : listing["objects"]) {
      out.push_back(object["key"].get<std::string>());
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  // Checks that `key` was stored in `parts` parts (0: a single PutObject), by the "-<parts>"
  // suffix S3 gives multipart ETags. Only under hoist serve: s3rver gives every object the
  // plain MD5 of its bytes.
  void expect_parts(const std::string& key, size_t parts) {
    if (!serve()) return;
    CliResult ls = hoist({"--output", "json", "ls", url(key)});
    ASSERT_EQ(ls.exit_code, 0) << ls.err;
    const nlohmann::json listing = nlohmann::json::parse(ls.out);
    for (const auto& object : listing["objects"]) {
      if (object["key"] != key) continue;
      const std::string tag = object["etag"].get<std::string>();
      if (parts > 0) {
        EXPECT_TRUE(tag.ends_with("-" + std::to_string(parts) + "\"")) << key << ": " << tag;
      } else {
        EXPECT_EQ(tag.find('-'), std::string::npos) << key << ": " << tag;
      }
      return;
    }
    ADD_FAILURE() << "not listed: " << key << "\n" << ls.out;
  }

  // The object as another client sees it: a GET through a presigned URL with
  // x-amz-checksum-mode: ENABLED, so that the stored checksum comes back in the headers.
  http::Response fetch(const std::string& key) {
    CliResult presigned = hoist({"presign", url(key)});
    EXPECT_EQ(presigned.exit_code, 0) << presigned.err;
    http::EventLoop loop(http::Options{});
    http::Request get;
    get.url = presigned.out.substr(0, presigned.out.find('\n'));
    get.headers.emplace_back("x-amz-checksum-mode", "ENABLED");
    http::Outcome fetched = http::perform(loop, get);
    EXPECT_FALSE(fetched.error) << fetched.error.message;
    EXPECT_EQ(fetched.response.status, 200) << fetched.response.body;
    return fetched.response;
  }

  // `hoist --output json hash` of a file: the checksum S3 should report for it.
  static nlohmann::json local_hash(const std::string& path, const std::string& algorithm,
                                   bool in_parts) {
    std::vector<std::string> args = {"--output", "json", "hash", "--algorithm", algorithm};
    if (in_parts) args.insert(args.end(), {"--part-size", "5MiB"});
    args.push_back(path);
    CliResult hash = run_hoist(args);
    EXPECT_EQ(hash.exit_code, 0) << hash.err;
    return hash.exit_code == 0 ? nlohmann::json::parse(hash.out).at(0) : nlohmann::json{};
  }

  // Flips the first byte of every content file of the test's bucket in hoist serve's store
  // (<root>/store/<bucket>/objects/<2 hex>/<id>), as a failing disk would, leaving the
  // checksums recorded beside them alone. Returns how many files were changed.
  int corrupt_stored_objects() {
    int changed = 0;
    const fs::path objects = fs::path(serve()->root()) / "store" / bucket() / "objects";
    for (const auto& entry : fs::recursive_directory_iterator(objects)) {
      if (!entry.is_regular_file() || entry.file_size() == 0) continue;
      int fd = ::open(entry.path().c_str(), O_RDWR | O_CLOEXEC);
      if (fd < 0) continue;
      char byte = 0;
      if (::pread(fd, &byte, 1, 0) == 1) {
        byte = static_cast<char>(byte ^ 0x5a);
        if (::pwrite(fd, &byte, 1, 0) == 1) ++changed;
      }
      ::close(fd);
    }
    return changed;
  }

  // Writes a small tree whose names need care: non-ASCII and spaces.
  std::string write_named_tree(const std::string& name) {
    const std::string root = dir_.path() + "/" + name;
    dir_.write_file(name + "/a.txt", "alpha");
    dir_.write_file(name + "/\xc3\xbcn\xc3\xaf/\xe6\x97\xa5\xe6\x9c\xac.txt", "nihon");
    dir_.write_file(name + "/sub dir/with space.txt", "spaced");
    return root;
  }
};

// 1. Single and multipart uploads at and around the 5 MiB part boundary, with the bytes, the
// listed size, the stored checksum and the download's verification of it checked.
class TransferRoundTripBySize : public CliTransferTest,
                                public ::testing::WithParamInterface<size_t> {};

TEST_P(TransferRoundTripBySize, UploadListDownloadVerify) {
  const size_t size = GetParam();
  const std::string content = test::seeded_bytes(size, static_cast<uint32_t>(size));
  const std::string src = dir_.write_file("src.bin", content);
  const std::string key = "sized/file.bin";

  CliResult up =
      hoist({"cp", src, url(key), "--part-size", "5MiB", "--multipart-threshold", "5MiB"});
  ASSERT_EQ(up.exit_code, 0) << up.err;
  EXPECT_EQ(up.out, "upload: " + src + " to " + url(key) + "\n");
  EXPECT_EQ(up.err, "");  // one object: no summary line

  CliResult ls = hoist({"ls", url("sized/")});
  ASSERT_EQ(ls.exit_code, 0) << ls.err;
  EXPECT_TRUE(contains(ls.out, " " + std::to_string(size) + " file.bin\n")) << ls.out;

  // The threshold is inclusive: 5 MiB itself is a multipart upload of one part.
  const size_t parts = size >= kPart ? (size + kPart - 1) / kPart : 0;
  expect_parts(key, parts);

  const std::string dst = dir_.path() + "/dst.bin";
  CliResult down = hoist({"cp", url(key), dst, "--part-size", "5MiB"});
  ASSERT_EQ(down.exit_code, 0) << down.err;
  EXPECT_EQ(down.out, "download: " + url(key) + " to " + dst + "\n");
  EXPECT_TRUE(read_file(dst) == content) << "downloaded bytes differ";

  if (!serve()) return;  // s3rver stores no checksums: nothing more to verify against
  // Single or multipart, the object carries a FULL_OBJECT CRC32C of all its bytes.
  http::Response stored = fetch(key);
  EXPECT_TRUE(stored.body == content);
  EXPECT_EQ(http::find_header(stored.headers, "x-amz-checksum-crc32c").value_or("<none>"),
            local_hash(src, "CRC32C", false)["full_object"].get<std::string>());
  EXPECT_EQ(http::find_header(stored.headers, "x-amz-checksum-type").value_or("<none>"),
            "FULL_OBJECT");

  // Bytes that no longer match that checksum are refused, and no file is written.
  if (size == 0) return;
  ASSERT_GT(corrupt_stored_objects(), 0);
  const std::string bad = dir_.path() + "/corrupt.bin";
  CliResult refused = hoist({"cp", url(key), bad, "--part-size", "5MiB"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_TRUE(refused.err.starts_with("hoist: cp: " + url(key) + ": BadDigest: CRC32C"))
      << refused.err;
  EXPECT_EQ(line_count(refused.err), 1u) << refused.err;
  for (const auto& entry : fs::directory_iterator(dir_.path())) {  // nor a temporary beside it
    EXPECT_FALSE(contains(entry.path().filename().string(), "corrupt")) << entry.path();
  }
}

INSTANTIATE_TEST_SUITE_P(PartBoundaries, TransferRoundTripBySize,
                         ::testing::Values(size_t{0}, size_t{1}, kPart - 1, kPart, kPart + 1,
                                           3 * kPart + 1),
                         [](const auto& info) { return std::to_string(info.param) + "_bytes"; });

// 2. A tree of 2,000 small files (two listing pages) up with -r and back with -r.
TEST_F(CliTransferTest, TransferTwoThousandFileTreeRoundTrips) {
  const size_t files = 2000;
  const std::string src = dir_.path() + "/src";
  const std::string nihon = "\xc3\xbcn\xc3\xaf/\xe6\x97\xa5\xe6\x9c\xac.txt";
  const char* dirs[] = {"", "a/", "a/b/", "a/b/c d/", "\xc3\xbcn\xc3\xaf/", "x y/z/"};
  dir_.write_file("src/" + nihon, "nihon");
  for (uint32_t i = 1; i < files; ++i) {
    std::string name = std::string(dirs[i % 6]) + "f" + std::to_string(i);
    if (i % 97 == 0) name += " with space";
    if (i % 101 == 0) name += "-\xe6\x97\xa5\xe6\x9c\xac";
    const size_t size = i % 50 == 0 ? 0 : (size_t{i} * 7919) % 4097;  // 0..4 KiB
    dir_.write_file("src/" + name + ".txt", test::seeded_bytes(size, i));
  }
  const auto expected = tree_contents(src);
  ASSERT_EQ(expected.size(), files);

  CliResult up = hoist({"cp", "-r", src, url("tree")});
  ASSERT_EQ(up.exit_code, 0) << up.err.substr(0, 2000);
  EXPECT_EQ(line_count(up.out), files);
  EXPECT_TRUE(
      contains(up.out, "upload: " + src + "/" + nihon + " to " + url("tree/" + nihon) + "\n"));
  EXPECT_TRUE(up.err.starts_with("uploaded: " + std::to_string(files) + " objects, ")) << up.err;

  CliResult ls = hoist({"ls", "-r", url("tree/")});
  ASSERT_EQ(ls.exit_code, 0) << ls.err;
  EXPECT_EQ(line_count(ls.out), files);

  const std::string dst = dir_.path() + "/dst";
  CliResult down = hoist({"cp", "-r", url("tree"), dst});
  ASSERT_EQ(down.exit_code, 0) << down.err.substr(0, 2000);
  EXPECT_EQ(line_count(down.out), files);
  EXPECT_TRUE(
      contains(down.out, "download: " + url("tree/" + nihon) + " to " + dst + "/" + nihon + "\n"));
  EXPECT_EQ(tree_differences(expected, tree_contents(dst)), "");
}

// 2. Keys as aws-cli names them: the destination key is a prefix with or without its '/',
// no key at all puts the tree at the top of the bucket, and a '/' after the source changes
// nothing.
TEST_F(CliTransferTest, TransferTreeKeysFollowAwsCliNaming) {
  const std::string src = write_named_tree("tree");
  for (const auto& [source, destination] :
       std::vector<std::pair<std::string, std::string>>{{src, url("p1")},
                                                        {src, url("p2/")},
                                                        {src, "s3://" + bucket()},
                                                        {src + "/", url("p3")}}) {
    CliResult up = hoist({"cp", "-r", source, destination});
    ASSERT_EQ(up.exit_code, 0) << destination << ": " << up.err;
    EXPECT_EQ(line_count(up.out), 3u) << up.out;
    EXPECT_FALSE(contains(up.out, "tree//")) << up.out;
  }
  const std::string nihon = "\xc3\xbcn\xc3\xaf/\xe6\x97\xa5\xe6\x9c\xac.txt";
  std::vector<std::string> expected;
  for (const std::string prefix : {"", "p1/", "p2/", "p3/"}) {
    for (const std::string name : {"a.txt", nihon.c_str(), "sub dir/with space.txt"}) {
      expected.push_back(prefix + name);
    }
  }
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(keys(), expected);
}

// 3. The file's mtime travels as x-amz-meta-mtime and comes back on download, single or
// multipart, one object or a tree.
TEST_F(CliTransferTest, TransferRestoresModificationTime) {
  const timespec small_mtime = {981173106, 123456789};  // 2001-02-03 04:05:06.123456789 UTC
  const timespec large_mtime = {1234567890, 987654321};
  const std::string small = dir_.write_file("src/small.txt", "keeps its time");
  const std::string large = dir_.write_file("src/large.bin", test::seeded_bytes(kPart + 1, 7));
  set_mtime(small, small_mtime);
  set_mtime(large, large_mtime);
  // Whether this file system keeps nanoseconds decides how exact the comparison can be.
  const bool nanoseconds = mtime_of(small).tv_nsec == small_mtime.tv_nsec;

  CliResult up = hoist({"cp", "-r", dir_.path() + "/src", url("m"), "--part-size", "5MiB",
                        "--multipart-threshold", "5MiB"});
  ASSERT_EQ(up.exit_code, 0) << up.err;
  expect_parts("m/large.bin", 2);
  EXPECT_EQ(http::find_header(fetch("m/small.txt").headers, "x-amz-meta-mtime").value_or(""),
            nanoseconds ? "981173106.123456789" : "981173106.000000000");

  TempDirectory out;
  CliResult tree = hoist({"cp", "-r", url("m"), out.path() + "/tree", "--part-size", "5MiB"});
  ASSERT_EQ(tree.exit_code, 0) << tree.err;
  CliResult one = hoist({"cp", url("m/small.txt"), out.path() + "/one.txt"});
  ASSERT_EQ(one.exit_code, 0) << one.err;

  for (const auto& [path, expected] :
       std::vector<std::pair<std::string, timespec>>{{out.path() + "/tree/small.txt", small_mtime},
                                                     {out.path() + "/tree/large.bin", large_mtime},
                                                     {out.path() + "/one.txt", small_mtime}}) {
    const timespec got = mtime_of(path);
    EXPECT_EQ(got.tv_sec, expected.tv_sec) << path;
    if (nanoseconds) {
      EXPECT_EQ(got.tv_nsec, expected.tv_nsec) << path;
    }
  }
}

// 4. Stdin up, through a pipe and in 5 MiB parts once it outgrows one; stdout down.
class TransferStdinBySize : public CliTransferTest, public ::testing::WithParamInterface<size_t> {};

TEST_P(TransferStdinBySize, PipeUpAndStdoutDown) {
  const size_t size = GetParam();
  const std::string content = test::seeded_bytes(size, 11);
  const std::string key = "streamed/object";
  {
    PipeFeeder pipe(dir_.path() + "/stdin.fifo", content);
    CliResult up = hoist_reading(pipe.path(), {"cp", "-", url(key), "--part-size", "5MiB"});
    ASSERT_EQ(up.exit_code, 0) << up.err;
    EXPECT_EQ(up.err, "");
  }
  CliResult ls = hoist({"ls", url("streamed/")});
  EXPECT_TRUE(contains(ls.out, " " + std::to_string(size) + " object\n")) << ls.out;
  // A stream that fills its first 5 MiB buffer goes multipart, even if nothing follows.
  const size_t parts = size >= kPart ? (size + kPart - 1) / kPart : 0;
  expect_parts(key, parts);
  if (serve()) {
    const std::string copy = dir_.write_file("copy.bin", content);
    http::Response stored = fetch(key);
    EXPECT_EQ(http::find_header(stored.headers, "x-amz-checksum-crc32c").value_or("<none>"),
              local_hash(copy, "CRC32C", false)["full_object"].get<std::string>());
    EXPECT_EQ(http::find_header(stored.headers, "x-amz-checksum-type").value_or("<none>"),
              "FULL_OBJECT");
  }

  CliResult down = hoist({"cp", url(key), "-", "--part-size", "5MiB"});
  ASSERT_EQ(down.exit_code, 0) << down.err;
  EXPECT_EQ(down.out.size(), size);
  EXPECT_TRUE(down.out == content) << "stdout differs from what was piped in";
  EXPECT_EQ(down.err, "");
}

INSTANTIATE_TEST_SUITE_P(Sizes, TransferStdinBySize,
                         ::testing::Values(size_t{0}, size_t{1000}, kPart, 11 * kMiB),
                         [](const auto& info) { return std::to_string(info.param) + "_bytes"; });

// 5. --output json: one summary object on stdout and nothing else.
TEST_F(CliTransferTest, TransferJsonSummaryOfRecursiveUpload) {
  dir_.write_file("src/a.txt", std::string(100, 'a'));
  dir_.write_file("src/b/empty", "");
  dir_.write_file("src/b/large.bin", test::seeded_bytes(kPart + 1, 3));
  CliResult up =
      hoist({"--output", "json", "cp", "-r", dir_.path() + "/src", url("j"), "--part-size", "5MiB",
             "--multipart-threshold", "5MiB", "--concurrency", "3"});
  ASSERT_EQ(up.exit_code, 0) << up.err;
  EXPECT_EQ(up.err, "");
  const nlohmann::json summary = nlohmann::json::parse(up.out);  // throws on anything else
  EXPECT_EQ(summary["operation"], "upload");
  EXPECT_EQ(summary["objects"], 3);
  EXPECT_EQ(summary["bytes"], kPart + 101);
  EXPECT_GE(summary["bytes_sent"].get<uint64_t>(), kPart + 101);
  EXPECT_EQ(summary["failures"], 0);
  EXPECT_EQ(summary["skipped"], 0);
  EXPECT_EQ(summary["errors"], nlohmann::json::array());
  EXPECT_EQ(summary["interrupted"], false);
  EXPECT_EQ(summary["concurrency"], 3);
  EXPECT_EQ(summary["part_size"], kPart);
  EXPECT_GT(summary["request_p50_ms"].get<double>(), 0.0);
  EXPECT_GE(summary["request_p99_ms"].get<double>(), summary["request_p50_ms"].get<double>());
  EXPECT_GT(summary["seconds"].get<double>(), 0.0);
  EXPECT_GT(summary["peak_buffer_bytes"].get<uint64_t>(), 0u);
  EXPECT_GE(summary["max_memory"].get<uint64_t>(), summary["peak_buffer_bytes"].get<uint64_t>());
  EXPECT_EQ(keys().size(), 3u);
}

// The summary's part_size is the part size the parts were cut to. For a tree with only
// --part-size given, the (larger) default threshold must not be reported instead.
TEST_F(CliTransferTest, TransferJsonSummaryReportsThePartSizeUsed) {
  const std::string src = dir_.write_file("src/large.bin", test::seeded_bytes(12 * kMiB, 5));
  CliResult up = hoist(
      {"--output", "json", "cp", "-r", dir_.path() + "/src", url("ps"), "--part-size", "5MiB"});
  ASSERT_EQ(up.exit_code, 0) << up.err;
  expect_parts("ps/large.bin", 3);  // cut into 5 MiB parts
  const nlohmann::json summary = nlohmann::json::parse(up.out);
  EXPECT_EQ(summary["part_size"], kPart);
}

// The profile's s3 sub-section gives defaults for the flags not given, as aws-cli's
// max_concurrent_requests, multipart_chunksize, multipart_threshold and max_bandwidth do;
// a flag on the command line wins; a value that cannot be used is a configuration error.
TEST_F(CliTransferTest, ProfileS3SettingsAreDefaultsForTheTransferFlags) {
  const std::string src = dir_.write_file("profile/large.bin", test::seeded_bytes(14 * kMiB, 6));
  const std::string config = dir_.write_file(
      "aws-config",
      "[default]\ns3 =\n  max_concurrent_requests = 3\n  multipart_chunksize = 6MB\n"
      "  multipart_threshold = 7MB\n  max_bandwidth = 900MB/s\n");
  const std::map<std::string, std::string> env = {{"AWS_CONFIG_FILE", config}};

  CliResult up = hoist({"--output", "json", "--debug", "cp", src, url("profile/large.bin")}, env);
  ASSERT_EQ(up.exit_code, 0) << up.err;
  nlohmann::json summary = nlohmann::json::parse(up.out);
  EXPECT_EQ(summary["concurrency"], 3);
  EXPECT_EQ(summary["part_size"], 6 * kMiB);
  expect_parts("profile/large.bin", 3);  // 6 + 6 + 2 MiB
  EXPECT_TRUE(contains(up.err, "bandwidth cap 900 MiB/s")) << up.err;

  // Flags win over the profile.
  up = hoist({"--output", "json", "cp", src, url("flags/large.bin"), "--concurrency", "5",
              "--part-size", "5MiB"},
             env);
  ASSERT_EQ(up.exit_code, 0) << up.err;
  summary = nlohmann::json::parse(up.out);
  EXPECT_EQ(summary["concurrency"], 5);
  EXPECT_EQ(summary["part_size"], 5 * kMiB);

  // The threshold: a 6.5 MiB file stays one PutObject under the profile's 7 MB threshold.
  const std::string small =
      dir_.write_file("profile/small.bin", test::seeded_bytes(6 * kMiB + 512 * 1024, 7));
  ASSERT_EQ(hoist({"cp", small, url("profile/small.bin")}, env).exit_code, 0);
  expect_parts("profile/small.bin", 0);

  const std::string bad =
      dir_.write_file("bad-config", "[default]\ns3 =\n  multipart_chunksize = lots\n");
  CliResult refused = hoist({"cp", src, url("bad/large.bin")}, {{"AWS_CONFIG_FILE", bad}});
  EXPECT_EQ(refused.exit_code, 253) << refused.err;
  EXPECT_TRUE(contains(refused.err, "multipart_chunksize 'lots'")) << refused.err;
  EXPECT_EQ(line_count(refused.err), 1u) << refused.err;
}

// 6. Bad input: one line on stderr naming the problem, a failing exit status, nothing sent
// and nothing written.
TEST_F(CliTransferTest, TransferRefusesBadInput) {
  const std::string file = dir_.write_file("file.txt", "payload");
  dir_.write_file("tree/inside.txt", "inside");
  const std::string existing = dir_.write_file("existing.txt", "x");
  ASSERT_EQ(hoist({"cp", existing, url("prefix/existing.txt")}).exit_code, 0);

  struct Case {
    std::vector<std::string> args;
    std::string message;  // a part of the one line on stderr
  };
  const std::string missing = dir_.path() + "/missing.txt";
  const Case cases[] = {
      {{"cp", missing, url("k")}, "hoist: cp: " + missing + ": NoSuchFile: "},
      {{"cp", dir_.path() + "/tree", url("k")}, "use --recursive"},
      {{"cp", file, url("k"), "--part-size", "4MiB"}, "5 MiB"},
      {{"cp", file, url("k"), "--checksum-algorithm", "MD5"}, "MD5"},
      {{"cp", "-", url("prefix/")}, "needs a full key"},
      {{"cp", "-r", url("prefix"), "-"}, "needs a directory, not stdout"},
      {{"cp", url("no-such-key"), dir_.path() + "/never.bin"}, "no-such-key: "},
  };
  for (const Case& c : cases) {
    std::string command;
    for (const auto& a : c.args) command += " " + a;
    SCOPED_TRACE("hoist" + command);
    CliResult r = hoist(c.args);
    EXPECT_NE(r.exit_code, 0);
    // One line; input refused before sending (exit 252) adds the pointer to --help.
    EXPECT_EQ(line_count(r.err), r.exit_code == 252 ? 2u : 1u) << r.err;
    EXPECT_TRUE(contains(r.err, c.message)) << r.err;
    EXPECT_EQ(r.out, "");
  }
  CliResult missing_key = hoist({"cp", url("no-such-key"), dir_.path() + "/never.bin"});
  EXPECT_TRUE(contains(missing_key.err, "NoSuchKey") || contains(missing_key.err, "NotFound") ||
              contains(missing_key.err, "404"))
      << missing_key.err;

  EXPECT_EQ(keys(), std::vector<std::string>{"prefix/existing.txt"});
  std::set<std::string> local;
  for (const auto& entry : fs::directory_iterator(dir_.path())) {
    local.insert(entry.path().filename().string());
  }
  EXPECT_EQ(local, (std::set<std::string>{"existing.txt", "file.txt", "tree"}));
}

// 7. An entry that cannot be read fails on its own line; the rest of the tree is uploaded,
// and the exit status and the summary say one failed. (Tests run as root, where chmod 000
// does not stop a read: a dangling symlink is the unreadable entry.) A FIFO is skipped, not
// opened: opening it would wait forever for a writer.
TEST_F(CliTransferTest, TransferTreeWithDanglingSymlinkUploadsTheRest) {
  const std::string src = dir_.path() + "/src";
  dir_.write_file("src/a.txt", "a");
  dir_.write_file("src/sub/b.txt", "b");
  ASSERT_EQ(::symlink("nowhere/at/all", (src + "/sub/broken.txt").c_str()), 0);
  ASSERT_EQ(::mkfifo((src + "/pipe").c_str(), 0600), 0);

  // Both are skipped with a warning naming them, and the exit status is 2, as aws-cli's.
  CliResult up = hoist({"cp", "-r", src, url("t")});
  EXPECT_EQ(up.exit_code, 2);
  EXPECT_EQ(line_count(up.out), 2u) << up.out;
  EXPECT_TRUE(contains(up.err, "warning: skipping " + src + "/sub/broken.txt: NoSuchFile: "))
      << up.err;
  EXPECT_TRUE(contains(up.err, "warning: skipping " + src + "/pipe: NotRegularFile: ")) << up.err;
  ASSERT_EQ(line_count(up.err), 3u) << up.err;  // two warnings and the summary
  const std::string summary = up.err.substr(up.err.find("uploaded: "));
  EXPECT_TRUE(summary.starts_with("uploaded: 2 objects, ")) << summary;
  EXPECT_FALSE(contains(summary, "failed")) << summary;
  EXPECT_TRUE(contains(summary, ", 2 skipped (not readable)")) << summary;
  EXPECT_EQ(keys(), (std::vector<std::string>{"t/a.txt", "t/sub/b.txt"}));

  CliResult json = hoist({"--output", "json", "cp", "-r", src, url("j")});
  EXPECT_EQ(json.exit_code, 2);
  const nlohmann::json report = nlohmann::json::parse(json.out);
  EXPECT_EQ(report["failures"], 0);
  EXPECT_EQ(report["unreadable_skipped"], 2);
  EXPECT_TRUE(report["errors"].empty()) << json.out;
}

// 8. Symlinks are followed by default (to files and to directories) and skipped with
// --no-follow-symlinks.
TEST_F(CliTransferTest, TransferFollowsSymlinksUnlessTold) {
  const std::string src = dir_.path() + "/src";
  dir_.write_file("src/real.txt", "the real thing");
  dir_.write_file("src/dir/x.txt", "x");
  ASSERT_EQ(::symlink("real.txt", (src + "/link.txt").c_str()), 0);
  ASSERT_EQ(::symlink("dir", (src + "/linkdir").c_str()), 0);

  CliResult followed = hoist({"cp", "-r", src, url("f")});
  ASSERT_EQ(followed.exit_code, 0) << followed.err;
  CliResult skipped = hoist({"cp", "-r", "--no-follow-symlinks", src, url("n")});
  ASSERT_EQ(skipped.exit_code, 0) << skipped.err;
  EXPECT_TRUE(contains(skipped.err, ", 2 skipped")) << skipped.err;

  EXPECT_EQ(keys(), (std::vector<std::string>{"f/dir/x.txt", "f/link.txt", "f/linkdir/x.txt",
                                              "f/real.txt", "n/dir/x.txt", "n/real.txt"}));
  CliResult link = hoist({"cp", url("f/link.txt"), "-"});
  EXPECT_EQ(link.out, "the real thing");
}

// 9. Other checksum algorithms: CRC64NVME (FULL_OBJECT, verified on download), SHA256
// (COMPOSITE, per part) and none.
class TransferChecksumAlgorithm : public CliTransferTest,
                                  public ::testing::WithParamInterface<const char*> {};

TEST_P(TransferChecksumAlgorithm, MultipartRoundTrip) {
  const std::string algorithm = GetParam();
  const std::string content = test::seeded_bytes(kPart + 1, 9);
  const std::string src = dir_.write_file("src.bin", content);
  CliResult up = hoist({"cp", src, url("c"), "--part-size", "5MiB", "--multipart-threshold", "5MiB",
                        "--checksum-algorithm", algorithm});
  ASSERT_EQ(up.exit_code, 0) << up.err;
  expect_parts("c", 2);
  const std::string dst = dir_.path() + "/dst.bin";
  CliResult down = hoist({"cp", url("c"), dst, "--part-size", "5MiB"});
  ASSERT_EQ(down.exit_code, 0) << down.err;
  EXPECT_TRUE(read_file(dst) == content) << "downloaded bytes differ";

  if (!serve()) return;
  const http::Headers stored = fetch("c").headers;
  std::vector<std::string> checksum_headers;
  for (const auto& [name, value] : stored) {
    if (name.starts_with("x-amz-checksum-") && name != "x-amz-checksum-type") {
      checksum_headers.push_back(name);
    }
  }
  if (algorithm == "none") {
    EXPECT_EQ(checksum_headers, std::vector<std::string>{});
    return;
  }
  std::string lower = algorithm;
  std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
  EXPECT_EQ(checksum_headers, std::vector<std::string>{"x-amz-checksum-" + lower});
  if (algorithm == "SHA256") {
    EXPECT_EQ(http::find_header(stored, "x-amz-checksum-type").value_or(""), "COMPOSITE");
    EXPECT_EQ(http::find_header(stored, "x-amz-checksum-sha256").value_or(""),
              local_hash(src, algorithm, true)["composite"].get<std::string>());
    return;
  }
  EXPECT_EQ(http::find_header(stored, "x-amz-checksum-type").value_or(""), "FULL_OBJECT");
  EXPECT_EQ(http::find_header(stored, "x-amz-checksum-" + lower).value_or(""),
            local_hash(src, algorithm, false)["full_object"].get<std::string>());
  ASSERT_GT(corrupt_stored_objects(), 0);
  CliResult refused = hoist({"cp", url("c"), dir_.path() + "/bad.bin", "--part-size", "5MiB"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_TRUE(contains(refused.err, "BadDigest: " + algorithm)) << refused.err;
}

INSTANTIATE_TEST_SUITE_P(Algorithms, TransferChecksumAlgorithm,
                         ::testing::Values("CRC64NVME", "SHA256", "none"),
                         [](const auto& info) { return std::string(info.param); });

}  // namespace
}  // namespace hoist::test

// `hoist cp --bwlimit` (and sync's) against hoist serve over loopback, where nothing else
// limits the rate: an upload, a download, a tree of files sent on many connections at once
// and a sync each take about size / rate (at least 0.8x of it, and well under 4x, so the cap
// neither leaks nor stalls), and the bytes come back intact. Bad rates are refused with a
// one-line usage error.
#include <chrono>
#include <string>
#include <vector>

#include "tests/integration/cli_test_fixture.h"

namespace hoist::test {
namespace {

using Seconds = std::chrono::duration<double>;

constexpr size_t kMiB = size_t{1} << 20;
constexpr double kRate = 8.0 * kMiB;  // --bwlimit 8M

class CliBwlimitTest : public CliTest {
 protected:
  std::string url(const std::string& key) { return "s3://" + bucket() + "/" + key; }

  // Runs hoist and returns how long it took.
  Seconds timed(std::vector<std::string> args, CliResult* result) {
    const auto start = std::chrono::steady_clock::now();
    *result = hoist(std::move(args));
    return std::chrono::steady_clock::now() - start;
  }

  static void expect_paced(Seconds elapsed, size_t bytes) {
    const double ideal = static_cast<double>(bytes) / kRate;
    EXPECT_GE(elapsed.count(), 0.8 * ideal) << "faster than the cap allows";
    EXPECT_LT(elapsed.count(), 4 * ideal) << "the cap stalled the transfer";
  }
};

TEST_F(CliBwlimitTest, UploadAndDownloadRunAtTheCap) {
  const std::string bytes = pattern_bytes(24 * kMiB);  // 3 parts of 8 MiB, sent in parallel
  const std::string src = dir_.write_file("big.bin", bytes);

  CliResult up;
  Seconds elapsed = timed({"--debug", "cp", src, url("big.bin"), "--bwlimit", "8M"}, &up);
  ASSERT_EQ(up.exit_code, 0) << up.err.substr(0, 2000);
  expect_paced(elapsed, bytes.size());
  EXPECT_NE(up.err.find("bandwidth cap 8 MiB/s (burst "), std::string::npos)
      << "--debug does not name the cap";

  const std::string dst = dir_.path() + "/back.bin";
  CliResult down;
  elapsed = timed({"cp", url("big.bin"), dst, "--bwlimit", "8MiB"}, &down);
  ASSERT_EQ(down.exit_code, 0) << down.err;
  expect_paced(elapsed, bytes.size());
  EXPECT_TRUE(read_file(dst) == bytes) << "downloaded bytes differ";
}

TEST_F(CliBwlimitTest, ManyFilesOnManyConnectionsShareOneCap) {
  // 8 files of 3 MiB go as 8 PutObjects in flight at once: separate caps per connection
  // would let them finish in an eighth of the time.
  constexpr int kFiles = 8;
  std::vector<std::string> contents;
  for (int i = 0; i < kFiles; ++i) {
    contents.push_back(test::seeded_bytes(3 * kMiB, static_cast<uint32_t>(i + 1)));
    dir_.write_file("src/f" + std::to_string(i), contents.back());
  }
  CliResult up;
  const Seconds elapsed =
      timed({"cp", "-r", dir_.path() + "/src", url("tree"), "--bwlimit", "8M"}, &up);
  ASSERT_EQ(up.exit_code, 0) << up.err;
  expect_paced(elapsed, kFiles * 3 * kMiB);

  CliResult down = hoist({"cp", "-r", url("tree"), dir_.path() + "/back"});
  ASSERT_EQ(down.exit_code, 0) << down.err;
  for (int i = 0; i < kFiles; ++i) {
    EXPECT_TRUE(read_file(dir_.path() + "/back/f" + std::to_string(i)) == contents[i])
        << "f" << i << " differs";
  }
}

TEST_F(CliBwlimitTest, SyncRunsAtTheCap) {
  constexpr int kFiles = 4;
  for (int i = 0; i < kFiles; ++i) {
    dir_.write_file("src/f" + std::to_string(i), test::seeded_bytes(2 * kMiB, i + 11u));
  }
  CliResult up;
  const Seconds elapsed =
      timed({"sync", dir_.path() + "/src", url("synced"), "--bwlimit", "8M"}, &up);
  ASSERT_EQ(up.exit_code, 0) << up.err;
  expect_paced(elapsed, kFiles * 2 * kMiB);
}

TEST_F(CliBwlimitTest, ZeroMeansNoCap) {
  const std::string src = dir_.write_file("f", pattern_bytes(kMiB));
  CliResult up = hoist({"cp", src, url("f"), "--bwlimit", "0"});
  EXPECT_EQ(up.exit_code, 0) << up.err;
}

TEST_F(CliBwlimitTest, BadRatesAreUsageErrors) {
  const std::string src = dir_.write_file("f", "x");
  struct Case {
    const char* rate;
    const char* reason;
  };
  for (const Case& c : {Case{"fast", "'fast' is not a rate in bytes per second"},
                        Case{"-5M", "'-5M' is not a rate in bytes per second"},
                        Case{"50", "'50' is below the minimum of 1K bytes per second"}}) {
    CliResult up = hoist({"cp", src, "s3://b/k", "--bwlimit", c.rate});
    EXPECT_EQ(up.exit_code, 252) << c.rate;
    EXPECT_EQ(up.err.rfind(std::string("hoist: cp: --bwlimit: ") + c.reason, 0), 0u) << up.err;
    EXPECT_EQ(up.out, "");
  }
}

}  // namespace
}  // namespace hoist::test

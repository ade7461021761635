// FaultInjectingEnv: each armed fault surfaces as its errno (or a short read) on exactly the
// operation, path, offset and count it names, and nothing else is disturbed.
#include "io/fault_injecting_env.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "tests/io/env_test_params.h"
#include "tests/io/io_test.h"

namespace hoist::io {
namespace {

class FaultInjectingEnvTest : public IoTest {
 protected:
  FaultInjectingEnvTest() : env(new_posix_env()) {}

  void SetUp() override {
    source = dir.write_file("source.bin", pattern(0, 64 * 1024));
    ASSERT_TRUE(is_ok(env.open_for_read(source, {}, &file)));
    ASSERT_TRUE(is_ok(env.new_queue(QueueOptions{8}, &queue)));
  }

  // Reads 4 KiB at each offset through the queue; the completions in request order.
  std::vector<IoCompletion> read_at(const std::vector<uint64_t>& offsets) {
    buffers.assign(offsets.size(), std::string(4096, '#'));
    std::vector<IoRequest> requests;
    for (size_t i = 0; i < offsets.size(); ++i) {
      requests.push_back({IoOp::kRead, file.get(), offsets[i], buffers[i].data(), 4096, -1, i});
    }
    EXPECT_TRUE(is_ok(queue->submit(requests)));
    std::vector<IoCompletion> out(offsets.size()), ordered(offsets.size());
    size_t reaped = 0;
    EXPECT_TRUE(is_ok(queue->reap(offsets.size(), out, &reaped)));
    EXPECT_EQ(reaped, offsets.size());
    for (size_t i = 0; i < reaped; ++i) ordered[out[i].tag] = out[i];
    return ordered;
  }

  FaultInjectingEnv env;
  std::string source;
  std::unique_ptr<File> file;
  std::unique_ptr<IoQueue> queue;
  std::vector<std::string> buffers;
};

TEST_F(FaultInjectingEnvTest, NameSaysWhatItWraps) { EXPECT_STREQ(env.name(), "fault(posix)"); }

TEST_F(FaultInjectingEnvTest, EioAtOneOffsetFailsOnlyTheRequestCoveringIt) {
  env.add(Fault{.op = FaultOp::kRead, .path = source, .offset = 10000, .error = EIO});
  auto done = read_at({0, 8192, 12288});
  EXPECT_EQ(done[0].result, 4096);
  EXPECT_EQ(done[1].error(), EIO);  // 8192..12287 holds offset 10000
  EXPECT_EQ(done[2].result, 4096);
  EXPECT_EQ(buffers[1], std::string(4096, '#'));  // the failed read never touched it
  EXPECT_TRUE(buffers[2] == pattern(12288, 4096));
  EXPECT_EQ(env.injected(), 1u);
}

TEST_F(FaultInjectingEnvTest, ShortReadCutsTheResult) {
  env.add(Fault{.op = FaultOp::kRead, .offset = 4096, .error = 0, .short_length = 100});
  auto done = read_at({0, 4096});
  EXPECT_EQ(done[0].result, 4096);
  EXPECT_EQ(done[1].result, 100);
  EXPECT_TRUE(buffers[1].substr(0, 100) == pattern(4096, 100));
}

// A slow disk: the read waits out its delay and then returns its bytes unharmed; a failing
// fault on the same read still fails it, after the delay.
TEST_F(FaultInjectingEnvTest, ADelayedReadComesLateButWhole) {
  constexpr auto kDelay = std::chrono::milliseconds(150);
  env.add(Fault{.op = FaultOp::kRead, .path = source, .offset = 0, .times = 1, .delay = kDelay});
  const auto started = std::chrono::steady_clock::now();
  auto slow = read_at({0});
  EXPECT_GE(std::chrono::steady_clock::now() - started, kDelay);
  EXPECT_EQ(slow[0].result, 4096);
  EXPECT_TRUE(buffers[0] == pattern(0, 4096));
  EXPECT_EQ(env.injected(), 1u);

  env.add(Fault{.op = FaultOp::kRead, .path = source, .offset = 4096, .delay = kDelay});
  env.add(Fault{.op = FaultOp::kRead, .path = source, .offset = 4096, .error = EIO});
  const auto again = std::chrono::steady_clock::now();
  auto failed = read_at({4096});
  EXPECT_GE(std::chrono::steady_clock::now() - again, kDelay);
  EXPECT_EQ(failed[0].error(), EIO);
  EXPECT_EQ(env.injected(), 3u);
}

TEST_F(FaultInjectingEnvTest, AfterAndTimesChooseWhichOperationsFail) {
  env.add(Fault{.op = FaultOp::kRead, .after = 2, .times = 2, .error = EIO});
  auto done = read_at({0, 4096, 8192, 12288, 16384});
  EXPECT_TRUE(done[0].ok());
  EXPECT_TRUE(done[1].ok());
  EXPECT_EQ(done[2].error(), EIO);
  EXPECT_EQ(done[3].error(), EIO);
  EXPECT_TRUE(done[4].ok());
}

TEST_F(FaultInjectingEnvTest, EnospcOnWritesAtAChosenOffset) {
  std::unique_ptr<File> out;
  ASSERT_TRUE(is_ok(env.open_for_write(path("out.bin"), {}, &out)));
  env.add(Fault{.op = FaultOp::kWrite, .path = path("out.bin"), .offset = 4096, .error = ENOSPC});
  std::string data = pattern(0, 8192);
  std::vector<IoRequest> writes = {{IoOp::kWrite, out.get(), 0, data.data(), 4096, -1, 0},
                                   {IoOp::kWrite, out.get(), 4096, data.data(), 4096, -1, 1}};
  ASSERT_TRUE(is_ok(queue->submit(writes)));
  std::vector<IoCompletion> done(2);
  size_t reaped = 0;
  ASSERT_TRUE(is_ok(queue->reap(2, done, &reaped)));
  ASSERT_EQ(reaped, 2u);
  if (done[0].tag == 1) std::swap(done[0], done[1]);
  EXPECT_EQ(done[0].result, 4096);
  EXPECT_EQ(done[1].error(), ENOSPC);
  EXPECT_EQ(contents(path("out.bin")).size(), 4096u);
}

TEST_F(FaultInjectingEnvTest, FileOperationsFailWithTheirErrnoAndNameThePath) {
  env.add(Fault{.op = FaultOp::kSync, .error = ENOSPC});
  env.add(Fault{.op = FaultOp::kOpenRead, .path = path("locked"), .error = EACCES});
  env.add(Fault{.op = FaultOp::kRename, .path = path("target"), .error = EXDEV});
  Status synced = env.sync(*file);
  EXPECT_EQ(synced.error, ENOSPC);
  EXPECT_EQ(synced.message, "sync " + source + ": No space left on device");
  dir.write_file("locked", "x");
  std::unique_ptr<File> locked;
  EXPECT_EQ(env.open_for_read(path("locked"), {}, &locked).error, EACCES);
  EXPECT_FALSE(locked);
  EXPECT_EQ(env.rename(source, path("target")).error, EXDEV);
  EXPECT_TRUE(is_ok(env.rename(source, path("elsewhere"))));
  EXPECT_EQ(env.injected(), 3u);
}

TEST_F(FaultInjectingEnvTest, BlockingReadsFailOrComeShortLikeQueuedOnes) {
  env.add(Fault{.op = FaultOp::kRead, .path = source, .offset = 10000, .times = 1, .error = EIO});
  env.add(Fault{.op = FaultOp::kRead, .offset = 20000, .error = 0, .short_length = 7});
  std::string buffer(4096, '#');
  size_t got = 99;
  Status failed = env.read_at(*file, 8192, buffer.size(), buffer.data(), &got);
  EXPECT_EQ(failed.error, EIO);
  EXPECT_EQ(failed.message, "read " + source + ": Input/output error");
  EXPECT_EQ(got, 0u);
  ASSERT_TRUE(is_ok(env.read_at(*file, 8192, buffer.size(), buffer.data(), &got)));  // times = 1
  EXPECT_EQ(got, 4096u);
  ASSERT_TRUE(is_ok(env.read_at(*file, 16384, buffer.size(), buffer.data(), &got)));
  EXPECT_EQ(got, 7u);
  EXPECT_TRUE(buffer.substr(0, 7) == pattern(16384, 7));
  EXPECT_EQ(env.injected(), 2u);
}

TEST_F(FaultInjectingEnvTest, CreateDirectoriesFailsForTheNamedPathOnly) {
  env.add(Fault{.op = FaultOp::kCreateDirectories, .path = path("denied"), .error = EACCES});
  Status denied = env.create_directories(path("denied"));
  EXPECT_EQ(denied.error, EACCES);
  EXPECT_EQ(denied.message, "create directory " + path("denied") + ": Permission denied");
  EXPECT_FALSE(std::filesystem::exists(path("denied")));
  EXPECT_TRUE(is_ok(env.create_directories(path("allowed/deep"))));
  EXPECT_TRUE(std::filesystem::is_directory(path("allowed/deep")));
}

TEST_F(FaultInjectingEnvTest, ClearDisarmsEverything) {
  env.add(Fault{.op = FaultOp::kRead, .error = EIO});
  env.clear();
  auto done = read_at({0});
  EXPECT_EQ(done[0].result, 4096);
  EXPECT_EQ(env.injected(), 0u);
}

}  // namespace
}  // namespace hoist::io

// Cancelling a background transfer at the awkward moments, against ScriptedS3 (an in-memory
// S3 in the test process) whose hooks hold chosen requests until the test lets them go:
// while the transfer waits for a part buffer that another transfer of the same Client holds,
// and while its CompleteMultipartUpload is on the wire. The handle returns promptly, and the
// summary and the server agree on what exists.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "base/mutex.h"
#include "hoist/client.h"
#include "tests/integration/loopback_config.h"
#include "tests/integration/scripted_s3.h"
#include "tests/support/temp_directory.h"

namespace hoist {
namespace {

using namespace std::chrono_literals;
using test::ScriptedS3;

constexpr uint64_t kPart = 5ull << 20;

// Holds the requests a hook sends to it until open() (or a generous deadline, so a broken
// test fails instead of hanging).
class Gate {
 public:
  void pass() {
    base::MutexLock lock(mutex_);
    ++arrived_;
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (!open_) {
      if (!changed_.wait_until(mutex_, deadline)) break;
    }
  }
  void open() {
    {
      base::MutexLock lock(mutex_);
      open_ = true;
    }
    changed_.notify_all();
  }
  int arrived() {
    base::MutexLock lock(mutex_);
    return arrived_;
  }

 private:
  base::Mutex mutex_;
  base::CondVar changed_;
  bool open_ GUARDED_BY(mutex_) = false;
  int arrived_ GUARDED_BY(mutex_) = 0;
};

bool eventually(const std::function<bool()>& done) {
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(2ms);
  }
  return true;
}

class ClientCancelTest : public ::testing::Test {
 protected:
  std::unique_ptr<Client> make_client(uint64_t max_memory) {
    Config config =
        test::loopback_config(s3_.url(), ScriptedS3::kAccessKey, ScriptedS3::kSecretKey);
    config.max_memory = max_memory;
    auto made = Client::create(config);
    EXPECT_TRUE(made.ok()) << made.error().describe();
    return made.ok() ? std::move(*made) : nullptr;
  }

  // An upload that keeps nothing for resume: a cancelled one is aborted.
  static TransferOptions options() {
    TransferOptions out;
    out.part_size = kPart;
    out.multipart_threshold = kPart;
    out.resume = false;
    out.progress_interval = 10ms;
    return out;
  }

  std::string write_file(const std::string& name, uint64_t size, char fill) {
    const std::string path = dir_.path() + "/" + name;
    std::ofstream(path, std::ios::binary) << std::string(size, fill);
    return path;
  }

  ScriptedS3 s3_;
  test::TempDirectory dir_;
};

TEST_F(ClientCancelTest, ATransferWaitingForABufferAnotherHoldsStopsAtOnce) {
  // Two buffers for the whole Client; the first transfer's parts hold both in the server.
  auto client = make_client(2 * kPart);
  ASSERT_TRUE(client);
  Gate parts;
  s3_.intercept([&](const test::RecordedRequest& r, int) -> std::optional<test::CannedResponse> {
    if (r.method == "PUT" && r.path.ends_with("/first") &&
        r.target.find("partNumber=") != std::string::npos) {
      parts.pass();
    }
    return std::nullopt;
  });
  TransferHandle first = client->start_upload(
      write_file("first", 4 * kPart, 'a'), S3Uri{ScriptedS3::kBucket, "first"}, false, options());
  ASSERT_TRUE(eventually([&] { return parts.arrived() == 2; }));
  EXPECT_EQ(client->buffer_memory().in_use, 2 * kPart);

  TransferHandle second = client->start_upload(
      write_file("second", 2 * kPart, 'b'), S3Uri{ScriptedS3::kBucket, "second"}, false, options());
  // Its CreateMultipartUpload needs no buffer; its parts wait for one.
  ASSERT_TRUE(eventually([&] { return s3_.open_uploads() == 2; }));
  std::this_thread::sleep_for(50ms);
  EXPECT_FALSE(second.wait_for(0ms));
  const auto asked = std::chrono::steady_clock::now();
  second.cancel();
  auto stopped = second.wait();
  EXPECT_LT(std::chrono::steady_clock::now() - asked, 3s);
  ASSERT_TRUE(stopped.ok()) << stopped.error().describe();
  EXPECT_TRUE(stopped->interrupted);
  EXPECT_EQ(stopped->objects, 0u);
  EXPECT_EQ(s3_.open_uploads(), 1u) << "the cancelled upload was not aborted";

  parts.open();
  auto finished = first.wait();
  ASSERT_TRUE(finished.ok()) << finished.error().describe();
  EXPECT_EQ(finished->objects, 1u);
  EXPECT_EQ(s3_.object("first"), std::string(4 * kPart, 'a'));
  EXPECT_FALSE(s3_.object("second").has_value());
  EXPECT_EQ(s3_.open_uploads(), 0u);
  EXPECT_LE(client->buffer_memory().peak, 2 * kPart);
}

TEST_F(ClientCancelTest, ACancelDuringCompleteLeavesTheSummaryAndTheServerInAgreement) {
  auto client = make_client(0);
  ASSERT_TRUE(client);
  Gate complete;
  s3_.intercept([&](const test::RecordedRequest& r, int) -> std::optional<test::CannedResponse> {
    if (r.method == "POST" && r.target.find("uploadId=") != std::string::npos) complete.pass();
    return std::nullopt;
  });
  TransferHandle handle = client->start_upload(
      write_file("whole", 2 * kPart, 'c'), S3Uri{ScriptedS3::kBucket, "whole"}, false, options());
  ASSERT_TRUE(eventually([&] { return complete.arrived() == 1; }));
  handle.cancel();
  std::this_thread::sleep_for(100ms);
  complete.open();
  auto summary = handle.wait();
  ASSERT_TRUE(summary.ok()) << summary.error().describe();
  // The Complete in flight was let finish: the object exists, is counted, and no Abort
  // followed it.
  EXPECT_EQ(summary->objects, 1u);
  EXPECT_EQ(summary->failures, 0u);
  EXPECT_EQ(s3_.object("whole"), std::string(2 * kPart, 'c'));
  EXPECT_EQ(s3_.open_uploads(), 0u);
}

}  // namespace
}  // namespace hoist

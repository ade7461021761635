// A Client's multipart upload against ScriptedS3 (an in-memory S3 in the test process) whose
// hooks fail one step of the protocol: CreateMultipartUpload refused, a part that fails on
// every attempt, a CompleteMultipartUpload answered 200 with an <Error> body. Each fails the
// object with the server's error, after the retries the policy allows, and leaves no upload
// open and no object behind. A listing answered SlowDown slows the Client's transfers, and a
// cancel ends its retries at once.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "hoist/client.h"
#include "hoist/generated_source.h"
#include "tests/integration/loopback_config.h"
#include "tests/integration/scripted_s3.h"
#include "tests/support/temp_directory.h"

namespace hoist {
namespace {

using test::CannedResponse;
using test::RecordedRequest;
using test::ScriptedS3;

constexpr uint64_t kPart = 5ull << 20;

std::string error_body(const std::string& code) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code +
         "</Code><Message>scripted</Message><RequestId>r1</RequestId></Error>";
}

class ClientFaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Config config =
        test::loopback_config(s3_.url(), ScriptedS3::kAccessKey, ScriptedS3::kSecretKey);
    auto made = Client::create(config);
    ASSERT_TRUE(made.ok()) << made.error().describe();
    client_ = std::move(*made);
    path_ = dir_.path() + "/big";
    std::ofstream(path_, std::ios::binary) << std::string(3 * kPart, 'x');
  }

  // Uploads the 3-part file without resume and returns its one report.
  ObjectReport upload() {
    std::optional<ObjectReport> report;
    TransferOptions options;
    options.part_size = kPart;
    options.multipart_threshold = kPart;
    options.resume = false;
    options.on_object = [&](const ObjectReport& r) { report = r; };
    auto summary = client_->upload(path_, S3Uri{ScriptedS3::kBucket, "big"}, false, options);
    EXPECT_TRUE(summary.ok()) << summary.error().describe();
    EXPECT_TRUE(report.has_value());
    return report.value_or(ObjectReport{});
  }

  void expect_nothing_left() {
    EXPECT_EQ(s3_.open_uploads(), 0u);
    EXPECT_FALSE(s3_.object("big").has_value());
  }

  ScriptedS3 s3_;
  test::TempDirectory dir_;
  std::string path_;
  std::unique_ptr<Client> client_;
};

TEST_F(ClientFaultTest, ARefusedCreateFailsTheObjectWithTheServersError) {
  s3_.intercept([&](const RecordedRequest& r, int) -> std::optional<CannedResponse> {
    if (r.method == "POST" && r.target.find("?uploads") != std::string::npos) {
      return CannedResponse().with_status(403).with_body(error_body("AccessDenied"));
    }
    return std::nullopt;
  });
  ObjectReport report = upload();
  ASSERT_TRUE(report.error.has_value());
  EXPECT_EQ(report.error->code, "AccessDenied");
  EXPECT_EQ(report.error->http_status, 403);
  expect_nothing_left();
}

TEST_F(ClientFaultTest, APartFailingEveryAttemptAbortsTheUploadAfterTheRetries) {
  std::atomic<int> attempts{0};
  s3_.intercept([&](const RecordedRequest& r, int) -> std::optional<CannedResponse> {
    if (r.method == "PUT" && r.target.find("partNumber=2") != std::string::npos) {
      ++attempts;
      return CannedResponse().with_status(500).with_body(error_body("InternalError"));
    }
    return std::nullopt;
  });
  ObjectReport report = upload();
  ASSERT_TRUE(report.error.has_value());
  EXPECT_EQ(report.error->code, "InternalError");
  EXPECT_GT(attempts.load(), 1) << "a 500 is retried";
  EXPECT_LE(attempts.load(), 5) << "but not forever";
  expect_nothing_left();
}

TEST_F(ClientFaultTest, ACompleteAnswered200WithAnErrorBodyIsAFailure) {
  s3_.intercept([&](const RecordedRequest& r, int) -> std::optional<CannedResponse> {
    if (r.method == "POST" && r.target.find("uploadId=") != std::string::npos) {
      return CannedResponse().with_status(200).with_body(error_body("AccessDenied"));
    }
    return std::nullopt;
  });
  ObjectReport report = upload();
  ASSERT_TRUE(report.error.has_value());
  EXPECT_EQ(report.error->code, "AccessDenied");
  expect_nothing_left();
}

// A cancel while a HeadObject waits to be retried (the server answers 503 to each) ends the
// download at once, as interrupted, instead of after the remaining backoffs.
TEST_F(ClientFaultTest, ACancelDuringAHeadObjectsRetriesStopsAtOnce) {
  std::atomic<int> heads{0};
  s3_.intercept([&](const RecordedRequest& r, int) -> std::optional<CannedResponse> {
    if (r.method == "HEAD") {
      ++heads;
      return CannedResponse().with_status(503).with_body(error_body("SlowDown"));
    }
    return std::nullopt;
  });
  TransferHandle handle = client_->start_download(S3Uri{ScriptedS3::kBucket, "big"},
                                                  dir_.path() + "/out", false, TransferOptions{});
  while (heads.load() < 2) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  const auto cancelled = std::chrono::steady_clock::now();
  handle.cancel();
  ASSERT_TRUE(handle.wait_for(std::chrono::seconds(5)));
  EXPECT_LT(std::chrono::steady_clock::now() - cancelled, std::chrono::milliseconds(250))
      << "the cancel waited out the retries' backoff";
  auto summary = handle.wait();
  ASSERT_TRUE(summary.ok()) << summary.error().describe();
  EXPECT_TRUE(summary->interrupted);
  EXPECT_LT(heads.load(), 5) << "attempts after the cancel";
}

// A cancel while a listing waits to be retried (the server answers SlowDown to each page
// asked) ends a recursive download, and a sync's walk, at once, as interrupted rather than
// failed, instead of after the remaining backoffs.
class ClientListingCancelTest : public ClientFaultTest {
 protected:
  void SetUp() override {
    ClientFaultTest::SetUp();
    s3_.intercept([this](const RecordedRequest& r, int) -> std::optional<CannedResponse> {
      if (r.method == "GET" && r.target.find("list-type=2") != std::string::npos) {
        ++listings_;
        return CannedResponse().with_status(503).with_body(error_body("SlowDown"));
      }
      return std::nullopt;
    });
  }

  // Cancels once the listing has been retried, and says how long the handle took to end.
  template <typename Handle>
  std::chrono::steady_clock::duration cancel_during_retries(Handle& handle) {
    while (listings_.load() < 2) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    const auto cancelled = std::chrono::steady_clock::now();
    handle.cancel();
    EXPECT_TRUE(handle.wait_for(std::chrono::seconds(5)));
    return std::chrono::steady_clock::now() - cancelled;
  }

  std::atomic<int> listings_{0};
};

TEST_F(ClientListingCancelTest, ARecursiveDownloadEndsAtOnce) {
  TransferHandle handle = client_->start_download(S3Uri{ScriptedS3::kBucket, "p/"},
                                                  dir_.path() + "/out", true, TransferOptions{});
  EXPECT_LT(cancel_during_retries(handle), std::chrono::milliseconds(250))
      << "the cancel waited out the listing's backoff";
  auto summary = handle.wait();
  ASSERT_TRUE(summary.ok()) << summary.error().describe();
  EXPECT_TRUE(summary->interrupted);
  EXPECT_EQ(summary->failures, 0u);
  EXPECT_LT(listings_.load(), 5) << "attempts after the cancel";
}

TEST_F(ClientListingCancelTest, ASyncEndsAtOnceAsInterrupted) {
  SyncHandle handle =
      client_->start_sync_upload(dir_.path(), S3Uri{ScriptedS3::kBucket, "s/"}, SyncOptions{});
  EXPECT_LT(cancel_during_retries(handle), std::chrono::milliseconds(250))
      << "the cancel waited out the listing's backoff";
  auto summary = handle.wait();
  ASSERT_TRUE(summary.ok()) << summary.error().describe();
  EXPECT_TRUE(summary->transfer.interrupted);
  EXPECT_EQ(summary->transfer.failures, 0u);
  EXPECT_LT(listings_.load(), 5) << "attempts after the cancel";
}

// remove_uploaded_files keeps a file that changed after the upload read it: the object holds
// what was read, and the bytes written since are not thrown away with the file.
TEST_F(ClientFaultTest, AnUploadedFileThatChangedSinceItWasReadIsKept) {
  const std::string path = dir_.path() + "/log.txt";
  std::ofstream(path, std::ios::binary) << "first line\n";
  s3_.intercept([&](const RecordedRequest& r, int) -> std::optional<CannedResponse> {
    // The PUT arrives after the file was read and checked: the file grows meanwhile.
    if (r.method == "PUT") std::ofstream(path, std::ios::app) << "second line\n";
    return std::nullopt;
  });
  std::optional<ObjectReport> report;
  TransferOptions o;
  o.remove_uploaded_files = true;
  o.on_object = [&](const ObjectReport& r) { report = r; };
  auto summary = client_->upload(path, S3Uri{ScriptedS3::kBucket, "log.txt"}, false, o);
  ASSERT_TRUE(summary.ok()) << summary.error().describe();
  EXPECT_EQ(summary->objects, 1u);
  ASSERT_TRUE(report.has_value());
  ASSERT_TRUE(report->removal_error.has_value());
  EXPECT_EQ(report->removal_error->code, "SourceChanged");
  std::ifstream in(path);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "first line\nsecond line\n");
  EXPECT_EQ(client_->head_object(ScriptedS3::kBucket, "log.txt")->size, 11u);
}

// remove_uploaded_files is for uploads of files: a download, a sync or a stream is refused
// before anything moves.
TEST_F(ClientFaultTest, RemoveUploadedFilesIsRefusedWhereThereIsNoUploadedFile) {
  TransferOptions o;
  o.remove_uploaded_files = true;
  auto download = client_->download(S3Uri{ScriptedS3::kBucket, "x"}, dir_.path() + "/x", false, o);
  ASSERT_FALSE(download.ok());
  EXPECT_EQ(download.error().code, "InvalidArgument");
  SyncOptions sync;
  sync.transfer = o;
  auto synced = client_->sync_upload(dir_.path(), S3Uri{ScriptedS3::kBucket, "s/"}, sync);
  ASSERT_FALSE(synced.ok());
  EXPECT_EQ(synced.error().code, "InvalidArgument");
  auto streamed = client_->upload_from(std::make_shared<GeneratedSource>(100, 1),
                                       S3Uri{ScriptedS3::kBucket, "g"}, o);
  ASSERT_FALSE(streamed.ok());
  EXPECT_EQ(streamed.error().code, "InvalidArgument");
  EXPECT_TRUE(std::filesystem::exists(path_));
}

// Listings and transfers draw on one Throttle: a SlowDown answered to Client::list_objects
// halves how many requests the Client's next transfer keeps in flight. Each PUT is held at the
// server so requests overlap, and the server counts the most in flight at once.
TEST_F(ClientFaultTest, AListingAnsweredSlowDownSlowsTheWholeClient) {
  constexpr int kConcurrency = 8;
  const std::string tree = dir_.path() + "/tree";
  std::filesystem::create_directories(tree);
  for (int i = 0; i < 16; ++i) std::ofstream(tree + "/f" + std::to_string(i)) << "data" << i;

  std::atomic<bool> slow_down_next_listing{false};
  std::atomic<int> in_flight{0};
  std::atomic<int> most_in_flight{0};
  s3_.intercept([&](const RecordedRequest& r, int) -> std::optional<CannedResponse> {
    if (r.method == "GET" && r.target.find("list-type=2") != std::string::npos &&
        slow_down_next_listing.exchange(false)) {
      return CannedResponse().with_status(503).with_body(error_body("SlowDown"));
    }
    if (r.method == "PUT") {
      const int now = ++in_flight;
      int most = most_in_flight.load();
      while (now > most && !most_in_flight.compare_exchange_weak(most, now)) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(40));
      --in_flight;
    }
    return std::nullopt;
  });
  auto upload_tree = [&](const std::string& prefix) {
    most_in_flight = 0;
    TransferOptions options;
    options.concurrency = kConcurrency;
    auto summary = client_->upload(tree, S3Uri{ScriptedS3::kBucket, prefix}, true, options);
    ASSERT_TRUE(summary.ok()) << summary.error().describe();
    EXPECT_EQ(summary->failures, 0u);
  };

  upload_tree("before/");
  const int before = most_in_flight.load();
  EXPECT_GT(before, kConcurrency / 2) << "unthrottled, the upload keeps more in flight";

  slow_down_next_listing = true;
  ListRequest listing;
  listing.bucket = ScriptedS3::kBucket;
  listing.prefix = "before/";
  auto page = client_->list_objects(listing);
  ASSERT_TRUE(page.ok()) << "the SlowDown is retried: " << page.error().describe();
  EXPECT_EQ(page->objects.size(), 16u);
  EXPECT_FALSE(slow_down_next_listing.load()) << "the listing met its SlowDown";

  upload_tree("after/");
  EXPECT_LE(most_in_flight.load(), kConcurrency / 2)
      << "after the listing's SlowDown the transfer keeps at most half in flight";
}

}  // namespace
}  // namespace hoist

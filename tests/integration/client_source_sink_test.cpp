// Uploads from an embedder's own Source and downloads into its own Sink (hoist/source.h,
// hoist/sink.h) against a real `hoist serve`: a stream of unknown length becomes one object
// (one PutObject, or a multipart upload); a source that fails midway stores nothing and
// leaves no upload open; a sequential sink gets the content in order and a parallel one by
// ranges, commit only after every byte matched, and discard when the download fails.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "base/mutex.h"
#include "hoist/client.h"
#include "tests/integration/loopback_config.h"
#include "tests/integration/serve_process.h"

namespace hoist {
namespace {

using test::ServeProcess;

constexpr const char* kBucket = "embedder";
constexpr uint64_t kPart = 5ull << 20;

// Bytes that differ from offset to offset, so a misplaced range shows.
char byte_at(uint64_t offset) { return static_cast<char>((offset * 2654435761u) >> 13); }

std::string expected_bytes(uint64_t size) {
  std::string out(size, '\0');
  for (uint64_t i = 0; i < size; ++i) out[i] = byte_at(i);
  return out;
}

// A generator of `size` bytes that tells nobody its length, in reads of at most 100,000
// bytes; with `fail_at`, the read that reaches that offset fails.
class GeneratedSource : public Source {
 public:
  explicit GeneratedSource(uint64_t size, std::optional<uint64_t> fail_at = std::nullopt)
      : size_(size), fail_at_(fail_at) {}
  Result<size_t> read(char* data, size_t size) override {
    if (fail_at_ && offset_ + size > *fail_at_) {
      return Error::make(ErrorKind::kLocal, "DumpFailed", "the dump process died");
    }
    const size_t n = static_cast<size_t>(std::min<uint64_t>({size, 100000, size_ - offset_}));
    for (size_t i = 0; i < n; ++i) data[i] = byte_at(offset_ + i);
    offset_ += n;
    return n;
  }
  std::string name() const override { return "generator"; }

 private:
  const uint64_t size_;
  const std::optional<uint64_t> fail_at_;
  uint64_t offset_ = 0;
};

// Keeps what it is given, in order or at offsets, and records what it was told.
class CollectingSink : public Sink {
 public:
  explicit CollectingSink(bool sequential, bool fail_writes = false)
      : sequential_(sequential), fail_writes_(fail_writes) {}
  bool sequential() const override { return sequential_; }
  Status write(uint64_t offset, const char* data, size_t size) override {
    base::MutexLock lock(mutex_);
    if (fail_writes_) return Error::make(ErrorKind::kLocal, "ConsumerFull", "no room left");
    if (sequential_ && offset != content_.size()) out_of_order_ = true;
    if (content_.size() < offset + size) content_.resize(offset + size);
    std::memcpy(content_.data() + offset, data, size);
    ++writes_;
    return ok_status();
  }
  Status commit() override {
    committed_.fetch_add(1);
    return ok_status();
  }
  void discard() override { discarded_.fetch_add(1); }
  std::string name() const override { return "collector"; }

  std::string content() {
    base::MutexLock lock(mutex_);
    return content_;
  }
  int writes() {
    base::MutexLock lock(mutex_);
    return writes_;
  }
  bool out_of_order() {
    base::MutexLock lock(mutex_);
    return out_of_order_;
  }
  std::atomic<int> committed_{0};
  std::atomic<int> discarded_{0};

 private:
  const bool sequential_;
  const bool fail_writes_;
  base::Mutex mutex_;
  std::string content_ GUARDED_BY(mutex_);
  int writes_ GUARDED_BY(mutex_) = 0;
  bool out_of_order_ GUARDED_BY(mutex_) = false;
};

class ClientSourceSinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto made = Client::create(test::loopback_config(server_.endpoint(), ServeProcess::kAccessKey,
                                                     ServeProcess::kSecretKey));
    ASSERT_TRUE(made.ok()) << made.error().describe();
    client_ = std::move(*made);
    ASSERT_TRUE(client_->create_bucket(kBucket).ok());
  }

  static TransferOptions options() {
    TransferOptions out;
    out.part_size = kPart;
    out.checksum_algorithm = "CRC64NVME";
    return out;
  }

  ServeProcess server_;
  std::unique_ptr<Client> client_;
};

TEST_F(ClientSourceSinkTest, AStreamOfUnknownLengthBecomesOneObject) {
  for (uint64_t size : {uint64_t{1000}, 7 * kPart / 2}) {
    const std::string key = "dump-" + std::to_string(size);
    std::vector<ObjectReport> reports;
    TransferOptions o = options();
    o.on_object = [&](const ObjectReport& r) { reports.push_back(r); };
    auto summary =
        client_->upload_from(std::make_shared<GeneratedSource>(size), S3Uri{kBucket, key}, o);
    ASSERT_TRUE(summary.ok()) << summary.error().describe();
    EXPECT_EQ(summary->objects, 1u);
    ASSERT_EQ(reports.size(), 1u);
    EXPECT_EQ(reports[0].local_path, "generator");
    EXPECT_EQ(reports[0].bytes, size);
    EXPECT_EQ(reports[0].parts, size > kPart ? 4 : 0);
    auto sink = std::make_shared<CollectingSink>(/*sequential=*/true);
    auto back = client_->download_to(S3Uri{kBucket, key}, sink, options());
    ASSERT_TRUE(back.ok()) << back.error().describe();
    EXPECT_EQ(back->objects, 1u);
    EXPECT_TRUE(sink->content() == expected_bytes(size)) << size;
    EXPECT_FALSE(sink->out_of_order());
    EXPECT_EQ(sink->committed_.load(), 1);
    EXPECT_EQ(sink->discarded_.load(), 0);
  }
}

TEST_F(ClientSourceSinkTest, ASourceThatFailsMidwayStoresNothingAndLeavesNoUploadOpen) {
  std::vector<ObjectReport> reports;
  TransferOptions o = options();
  o.on_object = [&](const ObjectReport& r) { reports.push_back(r); };
  auto summary = client_->upload_from(std::make_shared<GeneratedSource>(4 * kPart, 2 * kPart),
                                      S3Uri{kBucket, "broken"}, o);
  ASSERT_TRUE(summary.ok()) << summary.error().describe();
  EXPECT_EQ(summary->failures, 1u);
  ASSERT_EQ(reports.size(), 1u);
  ASSERT_TRUE(reports[0].error.has_value());
  EXPECT_EQ(reports[0].error->code, "DumpFailed");
  EXPECT_FALSE(client_->head_object(kBucket, "broken").ok());
  auto open = client_->list_multipart_uploads(kBucket, "");
  ASSERT_TRUE(open.ok());
  EXPECT_TRUE(open->empty());
}

TEST_F(ClientSourceSinkTest, AParallelSinkTakesRangesAtTheirOffsetsInTheBackground) {
  const uint64_t size = 3 * kPart + 12345;
  auto up = client_->start_upload_from(std::make_shared<GeneratedSource>(size),
                                       S3Uri{kBucket, "ranges"}, options());
  ASSERT_TRUE(up.wait().ok());
  auto sink = std::make_shared<CollectingSink>(/*sequential=*/false);
  auto down = client_->start_download_to(S3Uri{kBucket, "ranges"}, sink, options());
  auto summary = down.wait();
  ASSERT_TRUE(summary.ok()) << summary.error().describe();
  EXPECT_EQ(summary->objects, 1u);
  EXPECT_TRUE(sink->content() == expected_bytes(size));
  EXPECT_GE(sink->writes(), 4) << "the object came in ranges";
  EXPECT_EQ(sink->committed_.load(), 1);
}

TEST_F(ClientSourceSinkTest, ASinkThatRefusesBytesFailsTheDownloadWithItsOwnError) {
  ASSERT_TRUE(
      client_
          ->upload_from(std::make_shared<GeneratedSource>(1000), S3Uri{kBucket, "small"}, options())
          .ok());
  std::vector<ObjectReport> reports;
  TransferOptions o = options();
  o.on_object = [&](const ObjectReport& r) { reports.push_back(r); };
  auto sink = std::make_shared<CollectingSink>(/*sequential=*/true, /*fail_writes=*/true);
  auto summary = client_->download_to(S3Uri{kBucket, "small"}, sink, o);
  ASSERT_TRUE(summary.ok()) << summary.error().describe();
  EXPECT_EQ(summary->failures, 1u);
  ASSERT_EQ(reports.size(), 1u);
  ASSERT_TRUE(reports[0].error.has_value());
  EXPECT_EQ(reports[0].error->code, "ConsumerFull");
  EXPECT_EQ(reports[0].error->local_path, "collector");
  EXPECT_EQ(sink->committed_.load(), 0);
  EXPECT_EQ(sink->discarded_.load(), 1);
}

TEST_F(ClientSourceSinkTest, ACancelledDownloadTellsTheSinkToDiscard) {
  ASSERT_TRUE(client_
                  ->upload_from(std::make_shared<GeneratedSource>(6 * kPart),
                                S3Uri{kBucket, "slow"}, options())
                  .ok());
  auto sink = std::make_shared<CollectingSink>(/*sequential=*/true);
  TransferOptions o = options();
  o.bandwidth_limit = 4 << 20;  // several seconds: time to cancel midway
  o.progress_interval = std::chrono::milliseconds(10);
  TransferHandle handle = client_->start_download_to(S3Uri{kBucket, "slow"}, sink, o);
  while (handle.progress().bytes_done == 0 && !handle.wait_for(std::chrono::milliseconds(5))) {
  }
  handle.cancel();
  auto summary = handle.wait();
  ASSERT_TRUE(summary.ok()) << summary.error().describe();
  EXPECT_TRUE(summary->interrupted);
  EXPECT_EQ(sink->committed_.load(), 0);
  EXPECT_EQ(sink->discarded_.load(), 1);
}

TEST_F(ClientSourceSinkTest, WhatASourceThrowsFailsItsObjectAndNothingElse) {
  class ThrowingSource : public Source {
   public:
    Result<size_t> read(char*, size_t) override { throw std::runtime_error("disk on fire"); }
  };
  std::vector<ObjectReport> reports;
  TransferOptions o = options();
  o.on_object = [&](const ObjectReport& r) { reports.push_back(r); };
  auto summary =
      client_->upload_from(std::make_shared<ThrowingSource>(), S3Uri{kBucket, "thrown"}, o);
  ASSERT_TRUE(summary.ok()) << summary.error().describe();
  ASSERT_EQ(reports.size(), 1u);
  ASSERT_TRUE(reports[0].error.has_value());
  EXPECT_EQ(reports[0].error->code, "SourceFailed");
  EXPECT_EQ(reports[0].error->message, "the source threw: disk on fire");
  auto null_source = client_->upload_from(nullptr, S3Uri{kBucket, "none"}, o);
  ASSERT_FALSE(null_source.ok());
  EXPECT_EQ(null_source.error().code, "InvalidArgument");
}

TEST_F(ClientSourceSinkTest, AStreamNeedsAWholeKey) {
  auto refused = client_->upload_from(std::make_shared<GeneratedSource>(10),
                                      S3Uri{kBucket, "folder/"}, options());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message,
            "uploading generator needs a full key, not a prefix: s3://embedder/folder/");
}

}  // namespace
}  // namespace hoist

// Streamed uploads (stdin, a file being compressed) through the engine against a real
// `hoist serve`: the coordinator reads the parts, while CreateMultipartUpload, the parts,
// Complete and Abort all go through the workers (MultipartSession). A stream that ends
// completes with its FULL_OBJECT checksum; a stream that fails midway, or a Create that is
// refused, leaves no upload open; a cancelled stream is aborted even in a journaled transfer,
// since a stream cannot be resumed.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "engine/checksum/hasher.h"
#include "engine/checksum/object_checksum.h"
#include "engine/s3/bucket_operations.h"
#include "engine/s3/list_multipart_uploads.h"
#include "engine/s3/service.h"
#include "engine/transfer/engine.h"
#include "engine/transfer/journal.h"
#include "engine/transfer/stream_upload.h"
#include "tests/integration/engine_serve_test.h"
#include "tests/support/temp_directory.h"
#include "tests/support/test_bytes.h"

namespace hoist::transfer {
namespace {

using test::TempDirectory;

constexpr uint64_t kPart = 5ull << 20;
constexpr const char* kBucket = "engine-streams";

// `data` in pieces as a stream yields them; optionally fails, or raises `cancel`, once
// `stop_after` bytes were handed out.
class ScriptedStream : public StreamSource {
 public:
  explicit ScriptedStream(std::string data) : data_(std::move(data)) {}

  Result<size_t> fill(char* out, size_t size) override {
    if (offset_ >= stop_after && (fail || cancel)) {
      if (cancel) cancel->store(true);
      if (fail) return Error::make(ErrorKind::kLocal, "ReadFailed", "the stream broke");
    }
    const size_t n = std::min(size, data_.size() - offset_);
    std::copy_n(data_.data() + offset_, n, out);
    offset_ += n;
    return n;
  }
  http::Headers object_headers(const ObjectOptions&) const override { return {}; }
  Status check_unchanged() const override { return ok_status(); }
  const std::string& local_path() const override { return path_; }

  size_t stop_after = SIZE_MAX;
  bool fail = false;
  std::atomic<bool>* cancel = nullptr;

 private:
  const std::string data_;
  const std::string path_ = "-";
  size_t offset_ = 0;
};

class EngineStreamUploadTest : public test::EngineServeTest {
 protected:
  EngineStreamUploadTest() : EngineServeTest(kBucket) {}

  // Streams `stream` to bucket/key through one engine; the object's report and the summary.
  std::pair<ObjectReport, TransferSummary> upload(ScriptedStream& stream, const std::string& bucket,
                                                  Journal* journal = nullptr) {
    ObjectReport report;
    TransferOptions options;
    options.on_object = [&](const ObjectReport& r) { report = r; };
    options.cancel = stream.cancel;
    EngineConfig config;
    config.service = service_;
    config.credentials = credentials_;
    config.settings = EngineSettings{2, 4, kPart, 8 * kPart};
    config.object.algorithm = checksum::Algorithm::crc64nvme;
    config.object.part_size = kPart;
    config.env = io::default_env();
    config.journal = journal;
    config.options = &options;
    auto engine = Engine::create(std::move(config));
    EXPECT_TRUE(engine.ok());
    if (!engine.ok()) return {report, {}};
    upload_stream(**engine, stream, bucket, "streamed");
    TransferSummary summary = (*engine)->finish();
    return {report, summary};
  }
};

TEST_F(EngineStreamUploadTest, AStreamOfSeveralPartsCompletesWithItsFullObjectChecksum) {
  const std::string data = test::xorshift_bytes(3 * kPart + 12345, 3);
  ScriptedStream stream(data);
  auto [report, summary] = upload(stream, kBucket);
  ASSERT_FALSE(report.error.has_value()) << report.error->describe();
  EXPECT_EQ(report.parts, 4);
  EXPECT_EQ(report.stored_bytes, data.size());
  EXPECT_EQ(report.checksum_algorithm, "CRC64NVME");
  EXPECT_EQ(report.checksum_value,
            checksum::digest_of(checksum::Algorithm::crc64nvme,
                                {reinterpret_cast<const uint8_t*>(data.data()), data.size()})
                .to_base64());
  EXPECT_EQ(summary.objects, 1u);
  EXPECT_EQ(open_uploads(), 0u);
}

TEST_F(EngineStreamUploadTest, AStreamThatBreaksMidwayFailsAndLeavesNoUpload) {
  ScriptedStream stream(test::xorshift_bytes(4 * kPart, 4));
  stream.stop_after = 2 * kPart;
  stream.fail = true;
  auto [report, summary] = upload(stream, kBucket);
  ASSERT_TRUE(report.error.has_value());
  EXPECT_EQ(report.error->code, "ReadFailed");
  EXPECT_EQ(report.error->key, "streamed");
  EXPECT_EQ(summary.failures, 1u);
  EXPECT_EQ(open_uploads(), 0u);
}

TEST_F(EngineStreamUploadTest, ARefusedCreateFailsTheObject) {
  ScriptedStream stream(test::xorshift_bytes(2 * kPart, 5));
  auto [report, summary] = upload(stream, "no-such-bucket-here");
  ASSERT_TRUE(report.error.has_value());
  EXPECT_EQ(report.error->code, "NoSuchBucket");
  EXPECT_EQ(summary.failures, 1u);
}

TEST_F(EngineStreamUploadTest, ACancelledStreamIsAbortedEvenWhenTheTransferIsJournaled) {
  TempDirectory state;
  auto journal = Journal::open(state.path());
  ASSERT_TRUE(journal.ok()) << journal.error().describe();
  std::atomic<bool> cancel{false};
  ScriptedStream stream(test::xorshift_bytes(6 * kPart, 6));
  stream.stop_after = 2 * kPart;
  stream.cancel = &cancel;
  auto [report, summary] = upload(stream, kBucket, journal->get());
  EXPECT_TRUE(summary.interrupted);
  EXPECT_EQ(summary.uploads_kept, 0u);
  EXPECT_EQ(open_uploads(), 0u);
}

}  // namespace
}  // namespace hoist::transfer

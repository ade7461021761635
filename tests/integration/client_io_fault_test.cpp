// A Client built on a fault-injecting Env (api::ClientFactory) against a real `hoist serve`:
// the Env reaches every local file operation of the Client's calls, so a directory that
// cannot be made, a file whose checksum read fails, or a file that cannot be removed (by a
// sync's deletions, or once uploaded by mv) fails exactly that entry, with the system's reason, and
// leaves everything else done. Bytes damaged on the server's disk are caught by the download's
// stored-checksum check.
#include <gtest/gtest.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "engine/api/client_context.h"
#include "hoist/client.h"
#include "io/fault_injecting_env.h"
#include "tests/integration/loopback_config.h"
#include "tests/integration/serve_process.h"
#include "tests/support/temp_directory.h"

namespace hoist {
namespace {

using test::ServeProcess;
using test::TempDirectory;

constexpr const char* kBucket = "client-faults";

class ClientIoFaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Config config = test::loopback_config(server_.endpoint(), ServeProcess::kAccessKey,
                                          ServeProcess::kSecretKey);
    auto made = api::ClientFactory::create(config, api::ClientContext{&faulty_});
    ASSERT_TRUE(made.ok()) << made.error().describe();
    client_ = std::move(*made);
    ASSERT_TRUE(client_->create_bucket(kBucket).ok());
  }

  std::string write_file(const std::string& relative, const std::string& contents) {
    const std::string path = source_.path() + "/" + relative;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream(path, std::ios::binary) << contents;
    return path;
  }

  // Uploads a.txt, sub/b.txt and other/c.txt below prefix "p/" (no faults armed yet).
  void upload_tree() {
    write_file("a.txt", "alpha");
    write_file("sub/b.txt", "bravo");
    write_file("other/c.txt", "charlie");
    auto summary = client_->upload(source_.path(), S3Uri{kBucket, "p"}, true, options());
    ASSERT_TRUE(summary.ok()) << summary.error().describe();
    ASSERT_EQ(summary->objects, 3u);
    ASSERT_EQ(summary->failures, 0u);
  }

  // Options that record every object's report, with the journal in the test's directory.
  TransferOptions options() {
    TransferOptions out;
    out.state_dir = state_.path();
    out.on_object = [this](const ObjectReport& report) { reports_[report.key] = report; };
    return out;
  }

  static std::string read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  ServeProcess server_;
  io::FaultInjectingEnv faulty_{io::default_env()};
  std::unique_ptr<Client> client_;
  TempDirectory source_;
  TempDirectory target_;
  TempDirectory state_;
  std::map<std::string, ObjectReport> reports_;
};

TEST_F(ClientIoFaultTest, ADirectoryThatCannotBeMadeFailsOnlyTheObjectsBelowIt) {
  upload_tree();
  const std::string out = target_.path() + "/out";
  faulty_.add(
      io::Fault{.op = io::FaultOp::kCreateDirectories, .path = out + "/sub", .error = EACCES});
  reports_.clear();
  auto summary = client_->download(S3Uri{kBucket, "p"}, out, true, options());
  ASSERT_TRUE(summary.ok()) << summary.error().describe();
  EXPECT_EQ(summary->objects, 2u);
  EXPECT_EQ(summary->failures, 1u);
  EXPECT_EQ(faulty_.injected(), 1u);

  const ObjectReport& failed = reports_.at("p/sub/b.txt");
  ASSERT_TRUE(failed.error.has_value());
  EXPECT_EQ(failed.error->kind, ErrorKind::kLocal);
  EXPECT_EQ(failed.error->message, "Permission denied");
  EXPECT_EQ(failed.error->local_path, out + "/sub/b.txt");
  EXPECT_FALSE(std::filesystem::exists(out + "/sub"));
  EXPECT_EQ(read(out + "/a.txt"), "alpha");
  EXPECT_EQ(read(out + "/other/c.txt"), "charlie");
}

TEST_F(ClientIoFaultTest, ADestinationDirectoryThatCannotBeMadeStopsTheDownloadBeforeItStarts) {
  upload_tree();
  const std::string out = target_.path() + "/denied";
  faulty_.add(io::Fault{.op = io::FaultOp::kCreateDirectories, .path = out, .error = EACCES});

  auto recursive = client_->download(S3Uri{kBucket, "p"}, out, true, options());
  ASSERT_FALSE(recursive.ok());
  EXPECT_EQ(recursive.error().kind, ErrorKind::kLocal);
  EXPECT_EQ(recursive.error().local_path, out);
  EXPECT_EQ(recursive.error().message, "Permission denied");

  auto single = client_->download(S3Uri{kBucket, "p/a.txt"}, out + "/a.txt", false, options());
  ASSERT_FALSE(single.ok());
  EXPECT_EQ(single.error().local_path, out);
  EXPECT_TRUE(std::filesystem::is_empty(target_.path()));
}

// The walk's stat of each entry goes through the Env too: an entry it cannot stat is skipped
// with a warning (as an unreadable file is), and the rest of the tree is uploaded.
TEST_F(ClientIoFaultTest, AnEntryTheWalkCannotStatIsSkippedAndTheRestUploaded) {
  write_file("a.txt", "alpha");
  const std::string hidden = write_file("sub/b.txt", "bravo");
  write_file("other/c.txt", "charlie");
  faulty_.add(io::Fault{.op = io::FaultOp::kStat, .path = hidden, .error = EACCES});
  auto summary = client_->upload(source_.path(), S3Uri{kBucket, "w"}, true, options());
  ASSERT_TRUE(summary.ok()) << summary.error().describe();
  EXPECT_EQ(summary->objects, 2u);
  EXPECT_EQ(summary->unreadable_skipped, 1u);
  EXPECT_EQ(faulty_.injected(), 1u);
  const ObjectReport& skipped = reports_.at("w/sub/b.txt");
  EXPECT_TRUE(skipped.unreadable);
  ASSERT_TRUE(skipped.error.has_value());
  EXPECT_EQ(skipped.error->message, "Permission denied");
  EXPECT_FALSE(client_->head_object(kBucket, "w/sub/b.txt").ok());
  EXPECT_EQ(client_->head_object(kBucket, "w/other/c.txt")->size, 7u);
}

TEST_F(ClientIoFaultTest, AChecksumReadErrorIsThatFilesVerifyErrorOnly) {
  upload_tree();
  faulty_.add(
      io::Fault{.op = io::FaultOp::kRead, .path = source_.path() + "/sub/b.txt", .error = EIO});
  std::map<std::string, VerifyEntry> entries;
  VerifyOptions verify;
  verify.on_entry = [&](const VerifyEntry& entry) { entries[entry.key] = entry; };
  auto summary = client_->verify(source_.path(), S3Uri{kBucket, "p"}, verify);
  ASSERT_TRUE(summary.ok()) << summary.error().describe();
  EXPECT_EQ(summary->matched, 2u);
  EXPECT_EQ(summary->errors, 1u);
  const VerifyEntry& broken = entries.at("p/sub/b.txt");
  EXPECT_EQ(broken.status, VerifyEntry::Status::kError);
  ASSERT_TRUE(broken.error.has_value());
  EXPECT_EQ(broken.error->message, "Input/output error");
  EXPECT_EQ(entries.at("p/a.txt").status, VerifyEntry::Status::kMatch);
}

TEST_F(ClientIoFaultTest, AChecksumReadErrorDuringSyncFailsThatFileAndSendsNothingForIt) {
  upload_tree();
  write_file("a.txt", "ALPHA");  // same size, new content: only --checksum sees it
  faulty_.add(io::Fault{.op = io::FaultOp::kRead, .path = source_.path() + "/a.txt", .error = EIO});
  SyncOptions sync;
  sync.transfer = options();
  sync.compare = SyncCompare::kChecksum;
  sync.state_cache = false;
  reports_.clear();
  auto summary = client_->sync_upload(source_.path(), S3Uri{kBucket, "p"}, sync);
  ASSERT_TRUE(summary.ok()) << summary.error().describe();
  EXPECT_EQ(summary->transfer.failures, 1u);
  EXPECT_EQ(summary->transfer.objects, 0u);
  ASSERT_EQ(reports_.count("p/a.txt"), 1u);
  ASSERT_TRUE(reports_.at("p/a.txt").error.has_value());
  EXPECT_EQ(reports_.at("p/a.txt").error->message, "Input/output error");

  faulty_.clear();
  TempDirectory back;
  ASSERT_TRUE(
      client_->download(S3Uri{kBucket, "p/a.txt"}, back.path() + "/a.txt", false, options()).ok());
  EXPECT_EQ(read(back.path() + "/a.txt"), "alpha") << "the object changed although its read failed";
}

TEST_F(ClientIoFaultTest, AFileThatCannotBeRemovedStaysAndIsReportedBySyncDelete) {
  upload_tree();
  const std::string out = target_.path() + "/mirror";
  std::filesystem::create_directories(out);
  std::ofstream(out + "/extra.txt") << "keep me";
  std::ofstream(out + "/gone.txt") << "delete me";
  faulty_.add(io::Fault{.op = io::FaultOp::kUnlink, .path = out + "/extra.txt", .error = EACCES});
  std::map<std::string, SyncAction> deletions;
  SyncOptions sync;
  sync.transfer = options();
  sync.delete_extra = true;
  sync.state_cache = false;
  sync.on_action = [&](const SyncAction& action) {
    if (action.kind == SyncAction::Kind::kDelete) deletions[action.local_path] = action;
  };
  auto summary = client_->sync_download(S3Uri{kBucket, "p"}, out, sync);
  ASSERT_TRUE(summary.ok()) << summary.error().describe();
  ASSERT_EQ(deletions.size(), 2u);
  ASSERT_TRUE(deletions.at(out + "/extra.txt").error.has_value());
  EXPECT_EQ(deletions.at(out + "/extra.txt").error->message, "Permission denied");
  EXPECT_FALSE(deletions.at(out + "/gone.txt").error.has_value());
  EXPECT_EQ(read(out + "/extra.txt"), "keep me");
  EXPECT_FALSE(std::filesystem::exists(out + "/gone.txt"));
  EXPECT_EQ(read(out + "/sub/b.txt"), "bravo");
}

// The one file the server stores object bytes in (below a bucket's objects/ directory).
std::string stored_object_file(const std::string& root) {
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (entry.is_regular_file() &&
        entry.path().parent_path().parent_path().filename() == "objects") {
      return entry.path().string();
    }
  }
  return "";
}

// remove_uploaded_files (hoist mv) removes each file through the Env once its object is
// stored: a file the Env cannot remove stays, its report says why, and its object is there.
TEST_F(ClientIoFaultTest, AnUploadedFileThatCannotBeRemovedStaysAndItsReportSaysWhy) {
  const std::string stuck = write_file("stuck.txt", "stays");
  write_file("sub/gone.txt", "goes");
  faulty_.add(io::Fault{.op = io::FaultOp::kUnlink, .path = stuck, .error = EACCES});
  TransferOptions o = options();
  o.remove_uploaded_files = true;
  auto summary = client_->upload(source_.path(), S3Uri{kBucket, "m"}, true, o);
  ASSERT_TRUE(summary.ok()) << summary.error().describe();
  EXPECT_EQ(summary->objects, 2u);
  EXPECT_EQ(summary->failures, 0u);
  ASSERT_TRUE(reports_.at("m/stuck.txt").removal_error.has_value());
  EXPECT_EQ(reports_.at("m/stuck.txt").removal_error->message, "Permission denied");
  EXPECT_EQ(reports_.at("m/stuck.txt").removal_error->local_path, stuck);
  EXPECT_FALSE(reports_.at("m/sub/gone.txt").removal_error.has_value());
  EXPECT_EQ(read(stuck), "stays");
  EXPECT_FALSE(std::filesystem::exists(source_.path() + "/sub/gone.txt"));
  EXPECT_TRUE(client_->head_object(kBucket, "m/stuck.txt").ok());
  EXPECT_EQ(client_->head_object(kBucket, "m/sub/gone.txt")->size, 4u);
  EXPECT_GE(faulty_.injected(), 1u);
}

// A single-part object stored with a SHA-256 (a whole-object checksum that is not a CRC, so
// ranges cannot be combined) and larger than a part is hashed front to back as its ranges
// arrive: the download says it verified it, and one damaged stored byte fails it, leaving no
// file, and makes verify --download call it different.
TEST_F(ClientIoFaultTest, ARangedDownloadChecksAStoredSha256) {
  std::string data(12u << 20, '\0');
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>((i * 2654435761u) >> 13);
  write_file("big.bin", data);
  TransferOptions upload = options();
  upload.checksum_algorithm = "SHA256";
  upload.multipart_threshold = 64u << 20;  // one PutObject: a full-object SHA-256
  auto sent =
      client_->upload(source_.path() + "/big.bin", S3Uri{kBucket, "big.bin"}, false, upload);
  ASSERT_TRUE(sent.ok()) << sent.error().describe();
  ASSERT_EQ(sent->failures, 0u);

  TransferOptions ranged = options();
  ranged.part_size = 5u << 20;  // three ranges
  const std::string out = target_.path() + "/big.bin";
  ASSERT_TRUE(client_->download(S3Uri{kBucket, "big.bin"}, out, false, ranged).ok());
  const ObjectReport& good = reports_.at("big.bin");
  EXPECT_FALSE(good.error.has_value()) << good.error->describe();
  EXPECT_EQ(good.parts, 3);
  EXPECT_EQ(good.checksum_algorithm, "SHA256");
  EXPECT_TRUE(good.checksum_verified);
  EXPECT_EQ(read(out), data);

  const std::string stored = stored_object_file(server_.root());
  ASSERT_FALSE(stored.empty());
  {
    std::fstream damage(stored, std::ios::in | std::ios::out | std::ios::binary);
    damage.seekp(7u << 20);
    damage.put(static_cast<char>(data[7u << 20] ^ 1));
  }
  std::filesystem::remove(out);
  ASSERT_TRUE(client_->download(S3Uri{kBucket, "big.bin"}, out, false, ranged).ok());
  const ObjectReport& bad = reports_.at("big.bin");
  ASSERT_TRUE(bad.error.has_value());
  EXPECT_EQ(bad.error->code, "BadDigest");
  EXPECT_TRUE(std::filesystem::is_empty(target_.path()));

  std::vector<VerifyEntry> entries;
  VerifyOptions verify;
  verify.download = true;
  verify.on_entry = [&](const VerifyEntry& entry) { entries.push_back(entry); };
  auto summary = client_->verify(source_.path(), S3Uri{kBucket, ""}, verify);
  ASSERT_TRUE(summary.ok()) << summary.error().describe();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].status, VerifyEntry::Status::kDiffers);
  EXPECT_NE(entries[0].detail.find("SHA256 of the downloaded bytes"), std::string::npos)
      << entries[0].detail;
}

// A disk that stalls (a read of one file, or a write at one offset, taking seconds)
// holds up only the transfer doing that I/O: it runs off the engine threads, so the other
// transfer of the same Client, on the same engine threads, finishes meanwhile.
constexpr auto kStall = std::chrono::seconds(4);
constexpr auto kUnhindered = std::chrono::seconds(2);
constexpr uint64_t kStalledPart = 5ull << 20;

TransferOptions parted(const std::string& state_dir) {
  TransferOptions out;
  out.state_dir = state_dir;
  out.part_size = kStalledPart;
  out.multipart_threshold = kStalledPart;
  return out;
}

TEST_F(ClientIoFaultTest, AStalledReadHoldsUpOnlyTheUploadReadingThatFile) {
  const std::string stalled = write_file("stalled.bin", std::string(4 * kStalledPart, 's'));
  write_file("quick.txt", "quick");
  faulty_.add(io::Fault{.op = io::FaultOp::kRead, .path = stalled, .times = 1, .delay = kStall});
  TransferHandle slow =
      client_->start_upload(stalled, S3Uri{kBucket, "stalled.bin"}, false, parted(state_.path()));
  while (faulty_.injected() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));

  const auto started = std::chrono::steady_clock::now();
  auto quick = client_->upload(source_.path() + "/quick.txt", S3Uri{kBucket, "quick.txt"}, false,
                               parted(state_.path()));
  const auto took = std::chrono::steady_clock::now() - started;
  ASSERT_TRUE(quick.ok()) << quick.error().describe();
  EXPECT_EQ(quick->objects, 1u);
  EXPECT_LT(took, kUnhindered);
  EXPECT_FALSE(slow.wait_for(std::chrono::milliseconds(0))) << "the stalled upload ended first";

  auto finished = slow.wait();
  ASSERT_TRUE(finished.ok()) << finished.error().describe();
  EXPECT_EQ(finished->objects, 1u);
  EXPECT_EQ(client_->head_object(kBucket, "stalled.bin")->size, 4 * kStalledPart);
}

TEST_F(ClientIoFaultTest, AStalledWriteHoldsUpOnlyTheDownloadWritingThere) {
  write_file("big.bin", std::string(2 * kStalledPart, 'b'));
  write_file("quick.txt", "quick");
  ASSERT_TRUE(
      client_->upload(source_.path(), S3Uri{kBucket, "d"}, true, parted(state_.path())).ok());
  // Only the big file has a byte at this offset: its second range's write stalls.
  faulty_.add(io::Fault{
      .op = io::FaultOp::kWrite, .offset = kStalledPart + 1, .times = 1, .delay = kStall});
  TransferHandle slow = client_->start_download(
      S3Uri{kBucket, "d/big.bin"}, target_.path() + "/big.bin", false, parted(state_.path()));
  while (faulty_.injected() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));

  const auto started = std::chrono::steady_clock::now();
  auto quick = client_->download(S3Uri{kBucket, "d/quick.txt"}, target_.path() + "/quick.txt",
                                 false, parted(state_.path()));
  const auto took = std::chrono::steady_clock::now() - started;
  ASSERT_TRUE(quick.ok()) << quick.error().describe();
  EXPECT_EQ(read(target_.path() + "/quick.txt"), "quick");
  EXPECT_LT(took, kUnhindered);
  EXPECT_FALSE(slow.wait_for(std::chrono::milliseconds(0))) << "the stalled download ended first";

  auto finished = slow.wait();
  ASSERT_TRUE(finished.ok()) << finished.error().describe();
  EXPECT_EQ(finished->failures, 0u);
  EXPECT_EQ(read(target_.path() + "/big.bin"), std::string(2 * kStalledPart, 'b'));
}

}  // namespace
}  // namespace hoist

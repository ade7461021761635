// Transfers run in the background (Client::start_*) against a real `hoist serve`: a handle
// follows, cancels and waits for its transfer; several transfers run at once on one Client,
// started from several threads, on its engine threads (a cancel of one leaving the others
// running), and their part buffers stay within the Client's one memory cap
// (Config::max_memory); a Client destroyed with transfers running stops them first.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "base/mutex.h"
#include "hoist/client.h"
#include "tests/integration/loopback_config.h"
#include "tests/integration/serve_process.h"
#include "tests/support/temp_directory.h"

namespace hoist {
namespace {

using namespace std::chrono_literals;
using test::ServeProcess;
using test::TempDirectory;

constexpr const char* kBucket = "background";
constexpr uint64_t kPart = 5ull << 20;

class ClientBackgroundTest : public ::testing::Test {
 protected:
  void SetUp() override {
    client_ = make_client(0);
    ASSERT_TRUE(client_);
    ASSERT_TRUE(client_->create_bucket(kBucket).ok());
  }

  std::unique_ptr<Client> make_client(uint64_t max_memory) {
    Config config = test::loopback_config(server_.endpoint(), ServeProcess::kAccessKey,
                                          ServeProcess::kSecretKey);
    config.max_memory = max_memory;
    auto made = Client::create(config);
    EXPECT_TRUE(made.ok()) << made.error().describe();
    if (!made.ok()) return nullptr;
    return std::move(*made);
  }

  // A file of `size` bytes that differ from part to part.
  std::string write_file(const std::string& name, uint64_t size) {
    const std::string path = source_.path() + "/" + name;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream out(path, std::ios::binary);
    std::string block(64 << 10, '\0');
    for (uint64_t written = 0; written < size; written += block.size()) {
      for (size_t i = 0; i < block.size(); i += 4096) block[i] = static_cast<char>(written >> 16);
      out.write(block.data(),
                static_cast<std::streamsize>(std::min<uint64_t>(block.size(), size - written)));
    }
    return path;
  }

  static std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::string out(std::filesystem::file_size(path), '\0');
    in.read(out.data(), static_cast<std::streamsize>(out.size()));
    return out;
  }

  TransferOptions options() const {
    TransferOptions out;
    out.state_dir = state_.path();
    out.part_size = kPart;
    out.multipart_threshold = kPart;
    return out;
  }

  // The names in `directory` that start with '.': a download's temporary files.
  static std::vector<std::string> hidden_files(const std::string& directory) {
    std::vector<std::string> out;
    for (const auto& entry : std::filesystem::directory_iterator(directory)) {
      const std::string name = entry.path().filename().string();
      if (name.front() == '.') out.push_back(name);
    }
    return out;
  }

  std::string pause_download_midway(const std::string& key, const std::string& target);

  size_t open_uploads() {
    auto uploads = client_->list_multipart_uploads(kBucket, "");
    EXPECT_TRUE(uploads.ok());
    return uploads.ok() ? uploads->size() : SIZE_MAX;
  }

  ServeProcess server_;
  TempDirectory source_;
  TempDirectory target_;
  TempDirectory state_;
  std::unique_ptr<Client> client_;
};

TEST_F(ClientBackgroundTest, AHandleFollowsItsTransferToTheSummary) {
  for (int i = 0; i < 4; ++i) write_file("tree/f" + std::to_string(i), 3 * kPart / 2);
  std::atomic<int> progress_calls{0};
  TransferOptions o = options();
  o.progress_interval = 10ms;
  o.on_progress = [&](const TransferProgress&) { ++progress_calls; };
  TransferHandle handle =
      client_->start_upload(source_.path() + "/tree", S3Uri{kBucket, "p/"}, true, o);
  ASSERT_TRUE(handle.valid());
  while (!handle.wait_for(10ms)) {
  }
  auto summary = handle.wait();
  ASSERT_TRUE(summary.ok()) << summary.error().describe();
  EXPECT_EQ(summary->objects, 4u);
  EXPECT_EQ(summary->bytes, 4 * (3 * kPart / 2));
  EXPECT_FALSE(summary->interrupted);
  // The last snapshot is the final one, and the caller's own callback saw them too.
  const TransferProgress last = handle.progress();
  EXPECT_TRUE(last.totals_final);
  EXPECT_EQ(last.objects_done, 4u);
  EXPECT_EQ(last.bytes_done, summary->bytes);
  EXPECT_GT(progress_calls.load(), 0);
  // wait() may be asked again: the result stays.
  ASSERT_TRUE(handle.wait().ok());

  TransferHandle back =
      client_->start_download(S3Uri{kBucket, "p/"}, target_.path() + "/out", true, options());
  auto downloaded = back.wait();
  ASSERT_TRUE(downloaded.ok()) << downloaded.error().describe();
  EXPECT_EQ(downloaded->objects, 4u);
  EXPECT_EQ(std::filesystem::file_size(target_.path() + "/out/f3"), 3 * kPart / 2);
}

// Without a progress_interval of its own, a caller hears about every 100 ms, never much more
// often (each call's time is when the callback saw it, so a late call makes the next gap
// look shorter: the bound has some slack), and once more at the end.
TEST_F(ClientBackgroundTest, ProgressComesAboutEveryHundredMillisecondsByDefault) {
  const std::string path = write_file("paced.bin", 6 * kPart);
  std::vector<std::chrono::steady_clock::time_point> calls;
  TransferOptions o = options();
  o.bandwidth_limit = 16 << 20;  // about two seconds
  o.on_progress = [&](const TransferProgress&) {
    calls.push_back(std::chrono::steady_clock::now());
  };
  auto summary = client_->upload(path, S3Uri{kBucket, "paced.bin"}, false, o);
  ASSERT_TRUE(summary.ok()) << summary.error().describe();
  ASSERT_GE(calls.size(), 5u) << "a two-second transfer reported too seldom";
  std::vector<std::chrono::steady_clock::duration> gaps;
  for (size_t i = 1; i + 1 < calls.size(); ++i) {
    gaps.push_back(calls[i] - calls[i - 1]);
    EXPECT_GE(gaps.back(), 70ms) << "call " << i;
  }
  std::sort(gaps.begin(), gaps.end());
  EXPECT_LE(gaps[gaps.size() / 2], 160ms) << "the median gap is not about 100 ms";
}

TEST_F(ClientBackgroundTest, AnOptionThatKeepsTheTransferFromStartingIsWhatWaitReturns) {
  write_file("a.bin", 10);
  TransferOptions o = options();
  o.checksum_algorithm = "MD5";
  auto result =
      client_->start_upload(source_.path() + "/a.bin", S3Uri{kBucket, "a.bin"}, false, o).wait();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, "InvalidChecksumAlgorithm");
  EXPECT_FALSE(TransferHandle().wait().ok()) << "an empty handle follows nothing";
}

TEST_F(ClientBackgroundTest, CancelStopsTheTransferAndAbortsItsUploadWithoutResume) {
  write_file("big.bin", 8 * kPart);
  TransferOptions o = options();
  o.resume = false;
  o.bandwidth_limit = 4 << 20;  // about ten seconds: long enough to cancel midway
  o.progress_interval = 10ms;
  TransferHandle handle =
      client_->start_upload(source_.path() + "/big.bin", S3Uri{kBucket, "big.bin"}, false, o);
  while (handle.progress().bytes_done == 0 && !handle.wait_for(5ms)) {
  }
  const auto asked = std::chrono::steady_clock::now();
  handle.cancel();
  auto summary = handle.wait();
  EXPECT_LT(std::chrono::steady_clock::now() - asked, 5s) << "cancel did not stop it promptly";
  ASSERT_TRUE(summary.ok()) << summary.error().describe();
  EXPECT_TRUE(summary->interrupted);
  EXPECT_EQ(summary->objects, 0u);
  EXPECT_EQ(open_uploads(), 0u);
  EXPECT_FALSE(client_->head_object(kBucket, "big.bin").ok());
}

TEST_F(ClientBackgroundTest, APausedUploadResumesFromItsTokenSendingOnlyWhatIsLeft) {
  const std::string path = write_file("paused.bin", 12 * kPart);
  TransferOptions o = options();
  o.bandwidth_limit = 16 << 20;  // about four seconds: time to pause midway
  o.concurrency = 1;             // parts one at a time, so some are confirmed before the pause
  o.progress_interval = 10ms;
  TransferHandle handle = client_->start_upload(path, S3Uri{kBucket, "paused.bin"}, false, o);
  while (handle.progress().bytes_done < 3 * kPart && !handle.wait_for(5ms)) {
  }
  auto token = handle.pause();
  ASSERT_TRUE(token.ok()) << token.error().describe();
  ASSERT_FALSE(token->empty()) << "the upload ended before the pause";
  auto paused = handle.wait();
  ASSERT_TRUE(paused.ok());
  EXPECT_TRUE(paused->interrupted);
  EXPECT_EQ(paused->uploads_kept, 1u);
  EXPECT_EQ(open_uploads(), 1u) << "pausing aborted the upload";
  EXPECT_FALSE(client_->head_object(kBucket, "paused.bin").ok());

  // Resumed with the token alone (and the same part size): the confirmed parts stay.
  auto resumed = client_->resume(*token, options()).wait();
  ASSERT_TRUE(resumed.ok()) << resumed.error().describe();
  EXPECT_EQ(resumed->objects, 1u);
  EXPECT_GE(resumed->bytes_resumed, paused->bytes_confirmed);
  EXPECT_GT(resumed->bytes_resumed, 0u);
  EXPECT_EQ(open_uploads(), 0u);
  auto back = client_->download_file(kBucket, "paused.bin", target_.path() + "/paused.bin");
  ASSERT_TRUE(back.ok()) << back.error().describe();
  EXPECT_TRUE(read_file(path) == read_file(target_.path() + "/paused.bin"));
}

// Downloads `key` (12 parts) in the background, slowly, and pauses it once about three
// ranges are in; returns the token.
std::string ClientBackgroundTest::pause_download_midway(const std::string& key,
                                                        const std::string& target) {
  TransferOptions o = options();
  o.bandwidth_limit = 16 << 20;  // about four seconds: time to pause midway
  o.concurrency = 1;             // ranges one at a time, so some are written before the pause
  o.progress_interval = 10ms;
  TransferHandle handle = client_->start_download(S3Uri{kBucket, key}, target, false, o);
  while (handle.progress().bytes_done < 3 * kPart && !handle.wait_for(5ms)) {
  }
  auto token = handle.pause();
  EXPECT_TRUE(token.ok()) << token.error().describe();
  EXPECT_FALSE(token.ok() && token->empty()) << "the download ended before the pause";
  auto paused = handle.wait();
  EXPECT_TRUE(paused.ok() && paused->interrupted);
  EXPECT_FALSE(std::filesystem::exists(target)) << "a paused download looks complete";
  EXPECT_EQ(hidden_files(target_.path()).size(), 1u) << "the pause keeps the temporary file";
  return token.ok() ? *token : std::string();
}

TEST_F(ClientBackgroundTest, APausedDownloadResumesFromItsTokenFetchingOnlyWhatIsLeft) {
  const std::string path = write_file("big.bin", 12 * kPart);
  ASSERT_TRUE(client_->upload(path, S3Uri{kBucket, "big.bin"}, false, options()).ok());
  const std::string target = target_.path() + "/big.bin";
  // Started with a relative path and resumed from another working directory: the token
  // names the file absolutely.
  const std::filesystem::path cwd = std::filesystem::current_path();
  std::filesystem::current_path(target_.path());
  const std::string token = pause_download_midway("big.bin", "big.bin");
  std::filesystem::current_path(cwd);
  ASSERT_FALSE(token.empty());

  std::optional<ObjectReport> report;
  TransferOptions o = options();
  o.on_object = [&](const ObjectReport& r) { report = r; };
  auto resumed = client_->resume(token, o).wait();
  ASSERT_TRUE(resumed.ok()) << resumed.error().describe();
  EXPECT_EQ(resumed->objects, 1u);
  EXPECT_EQ(resumed->failures, 0u);
  EXPECT_GE(resumed->bytes_resumed, 2 * kPart) << "the ranges written before the pause stay";
  EXPECT_LT(resumed->bytes_resumed, 12 * kPart);
  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(report->checksum_verified) << "kept ranges are checked with fetched ones";
  EXPECT_EQ(static_cast<uint64_t>(report->parts_resumed) * kPart, resumed->bytes_resumed);
  EXPECT_TRUE(read_file(path) == read_file(target));
  EXPECT_TRUE(hidden_files(target_.path()).empty()) << "the temporary file became the file";
}

// Every hidden file (a temporary file) anywhere below `directory`.
std::vector<std::string> hidden_files_below(const std::string& directory) {
  std::vector<std::string> out;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(directory)) {
    if (entry.path().filename().string().front() == '.') out.push_back(entry.path().string());
  }
  return out;
}

TEST_F(ClientBackgroundTest, APausedTreeDownloadResumesIntoTheSameTree) {
  write_file("deep/a_big", 6 * kPart);
  write_file("deep/b", 1000);
  write_file("deep/sub/c_big", 6 * kPart + 17);
  ASSERT_TRUE(
      client_->upload(source_.path() + "/deep", S3Uri{kBucket, "deep/"}, true, options()).ok());
  const std::string tree = target_.path() + "/tree";
  TransferOptions o = options();
  o.bandwidth_limit = 16 << 20;
  o.concurrency = 2;
  o.progress_interval = 10ms;
  TransferHandle handle = client_->start_download(S3Uri{kBucket, "deep/"}, tree, true, o);
  while (handle.progress().bytes_done < 3 * kPart && !handle.wait_for(5ms)) {
  }
  auto token = handle.pause();
  ASSERT_TRUE(token.ok()) << token.error().describe();
  ASSERT_FALSE(token->empty()) << "the download ended before the pause";
  EXPECT_FALSE(hidden_files_below(tree).empty()) << "the pause kept no temporary file";

  auto resumed = client_->resume(*token, options()).wait();
  ASSERT_TRUE(resumed.ok()) << resumed.error().describe();
  EXPECT_EQ(resumed->failures, 0u);
  EXPECT_EQ(resumed->objects, 3u) << "a resumed tree copies every object again";
  EXPECT_GT(resumed->bytes_resumed, 0u);
  for (const char* name : {"a_big", "b", "sub/c_big"}) {
    EXPECT_TRUE(read_file(source_.path() + "/deep/" + name) == read_file(tree + "/" + name))
        << name;
  }
  EXPECT_TRUE(hidden_files_below(tree).empty());
}

TEST_F(ClientBackgroundTest, AKeptRangeChangedWhilePausedFailsTheCheckAndLeavesNothing) {
  const std::string path = write_file("big.bin", 12 * kPart);
  ASSERT_TRUE(client_->upload(path, S3Uri{kBucket, "big.bin"}, false, options()).ok());
  const std::string target = target_.path() + "/big.bin";
  const std::string token = pause_download_midway("big.bin", target);
  ASSERT_FALSE(token.empty());
  const std::vector<std::string> kept = hidden_files(target_.path());
  ASSERT_EQ(kept.size(), 1u);
  {
    std::fstream file(target_.path() + "/" + kept[0],
                      std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(100);
    file.put('\x7f');  // in the first range, which the pause kept
  }

  std::optional<ObjectReport> report;
  TransferOptions o = options();
  o.on_object = [&](const ObjectReport& r) { report = r; };
  auto resumed = client_->resume(token, o).wait();
  ASSERT_TRUE(resumed.ok()) << resumed.error().describe();
  EXPECT_EQ(resumed->failures, 1u);
  ASSERT_TRUE(report.has_value() && report->error.has_value());
  EXPECT_EQ(report->error->code, "BadDigest");
  EXPECT_FALSE(std::filesystem::exists(target)) << "a file that failed its check was kept";
  EXPECT_TRUE(hidden_files(target_.path()).empty());
}

TEST_F(ClientBackgroundTest, WhatCannotPauseSaysSoAndGoesOn) {
  write_file("small.bin", 1000);
  // Without the resume journal an upload has nothing to resume from.
  TransferOptions no_journal = options();
  no_journal.resume = false;
  TransferHandle upload = client_->start_upload(source_.path() + "/small.bin",
                                                S3Uri{kBucket, "small.bin"}, false, no_journal);
  auto refused = upload.pause();
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "NotPausable");
  auto done = upload.wait();
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->objects, 1u) << "a refused pause stopped the upload";

  auto bad = client_->resume("{\"hoist_resume\": 7}", options()).wait();
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "InvalidResumeToken");
}

TEST_F(ClientBackgroundTest, ACallbackMayDropItsHandleButNotWaitForIt) {
  write_file("cb/a", 100);
  write_file("cb/b", 200);
  // The first report may come before start_upload has returned the handle: the lock makes
  // the callback see it stored.
  base::Mutex mutex;
  TransferHandle handle;
  std::atomic<bool> waited_in_callback{false};
  std::atomic<bool> refused{false};
  std::atomic<bool> dropped{false};
  TransferOptions o = options();
  o.on_object = [&](const ObjectReport&) {
    base::MutexLock lock(mutex);
    if (!waited_in_callback.exchange(true)) {
      auto own = handle.wait();
      refused = !own.ok() && own.error().code == "WaitOnOwnThread";
    } else if (!dropped.exchange(true)) {
      handle = TransferHandle();  // cancels what is left, without waiting for itself
    }
  };
  {
    base::MutexLock lock(mutex);
    handle = client_->start_upload(source_.path() + "/cb", S3Uri{kBucket, "cb/"}, true, o);
  }
  for (int i = 0; i < 500 && !dropped.load(); ++i) std::this_thread::sleep_for(10ms);
  ASSERT_TRUE(dropped.load());
  EXPECT_TRUE(refused.load());
  std::this_thread::sleep_for(100ms);
  EXPECT_TRUE(client_->head_object(kBucket, "cb/b").ok());
}

TEST_F(ClientBackgroundTest, TwoTransfersOnOneClientStayWithinItsMemoryCap) {
  const uint64_t cap = 3 * kPart;
  client_ = make_client(cap);
  ASSERT_TRUE(client_);
  write_file("one.bin", 12 * kPart);
  write_file("two.bin", 12 * kPart);
  TransferHandle one = client_->start_upload(source_.path() + "/one.bin", S3Uri{kBucket, "one.bin"},
                                             false, options());
  TransferHandle two = client_->start_upload(source_.path() + "/two.bin", S3Uri{kBucket, "two.bin"},
                                             false, options());
  auto first = one.wait();
  auto second = two.wait();
  ASSERT_TRUE(first.ok()) << first.error().describe();
  ASSERT_TRUE(second.ok()) << second.error().describe();
  EXPECT_EQ(first->objects, 1u);
  EXPECT_EQ(second->objects, 1u);
  // Each transfer could hold the whole cap; together they never held more than it.
  EXPECT_EQ(first->max_memory, cap);
  const BufferMemory memory = client_->buffer_memory();
  EXPECT_EQ(memory.cap, cap);
  EXPECT_LE(memory.peak, cap);
  EXPECT_GT(memory.peak, 0u);
  EXPECT_EQ(memory.in_use, 0u);
  EXPECT_EQ(client_->head_object(kBucket, "two.bin")->size, 12 * kPart);
}

// Threads of this process now named `named`; without a name, all of them but the kernel's
// io_uring workers (named iou-wrk-..., iou-sqp-...), which come and go with the reads the
// kernel hands them.
size_t process_threads(const std::string& named = {}) {
  size_t count = 0;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
    std::ifstream comm(task.path() / "comm");
    std::string name;
    std::getline(comm, name);
    if (named.empty() ? !name.starts_with("iou-") : name == named) ++count;
  }
  return count;
}

// Transfers running at once share the Client's engine threads: each brings only the thread its
// handle runs the call on, not threads (and connections) of its own.
TEST_F(ClientBackgroundTest, TransfersAtOnceShareTheClientsEngineThreads) {
  constexpr int kTransfers = 4;
  for (int i = 0; i < kTransfers; ++i) write_file("shared/f" + std::to_string(i), 4 * kPart);
  const size_t before = process_threads();
  std::vector<TransferHandle> handles;
  for (int i = 0; i < kTransfers; ++i) {
    TransferOptions o = options();
    o.bandwidth_limit = 16 << 20;  // about a second each: all four run together
    const std::string name = "f" + std::to_string(i);
    handles.push_back(client_->start_upload(source_.path() + "/shared/" + name,
                                            S3Uri{kBucket, "shared/" + name}, false, o));
  }
  std::this_thread::sleep_for(300ms);
  const size_t during = process_threads();
  const size_t engines = process_threads("hoist-engine");
  const size_t disks = process_threads("hoist-disk");
  for (TransferHandle& h : handles) {
    auto summary = h.wait();
    ASSERT_TRUE(summary.ok()) << summary.error().describe();
    EXPECT_EQ(summary->objects, 1u);
  }
  // Engine threads: one per core, at most four, whatever the number of transfers. Disk threads:
  // at most one for each transfer on each engine thread (fewer while the disk keeps up), the
  // Client's too. And one more thread that a sanitizer's runtime may start of its own
  // (ThreadSanitizer does).
  const size_t engine = std::min(std::max(1u, std::thread::hardware_concurrency()), 4u);
  EXPECT_GE(engines, 1u);
  EXPECT_LE(engines, engine);
  EXPECT_LE(disks, kTransfers * engine);
  EXPECT_LE(during - before, kTransfers + engines + disks + 1)
      << before << " threads before, " << during << " during";
}

// A transfer cancelled on threads it shares with another drops its own requests only: the
// other one finishes, every byte in place.
TEST_F(ClientBackgroundTest, CancellingOneTransferLeavesTheOtherOnItsThreadsRunning) {
  write_file("stopped.bin", 8 * kPart);
  const std::string kept = write_file("kept.bin", 6 * kPart + 3);
  TransferOptions slow = options();
  slow.resume = false;
  slow.bandwidth_limit = 8 << 20;  // five seconds: cancelled long before the end
  TransferOptions paced = options();
  paced.bandwidth_limit = 32 << 20;  // about a second: running while the other is cancelled
  TransferHandle stopped = client_->start_upload(source_.path() + "/stopped.bin",
                                                 S3Uri{kBucket, "stopped.bin"}, false, slow);
  TransferHandle other =
      client_->start_upload(source_.path() + "/kept.bin", S3Uri{kBucket, "kept.bin"}, false, paced);
  std::this_thread::sleep_for(300ms);
  const auto asked = std::chrono::steady_clock::now();
  stopped.cancel();
  auto cut = stopped.wait();
  EXPECT_LT(std::chrono::steady_clock::now() - asked, 3s);
  ASSERT_TRUE(cut.ok()) << cut.error().describe();
  EXPECT_TRUE(cut->interrupted);
  auto finished = other.wait();
  ASSERT_TRUE(finished.ok()) << finished.error().describe();
  EXPECT_FALSE(finished->interrupted);
  EXPECT_EQ(finished->objects, 1u);
  EXPECT_EQ(finished->failures, 0u);
  EXPECT_FALSE(client_->head_object(kBucket, "stopped.bin").ok());
  ASSERT_TRUE(
      client_->download(S3Uri{kBucket, "kept.bin"}, target_.path() + "/kept.bin", false, options())
          .ok());
  EXPECT_TRUE(read_file(target_.path() + "/kept.bin") == read_file(kept));
  EXPECT_EQ(open_uploads(), 0u);
}

TEST_F(ClientBackgroundTest, ManyThreadsShareOneClient) {
  for (int i = 0; i < 4; ++i) write_file("t" + std::to_string(i) + "/f", kPart + 7);
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      const std::string name = "t" + std::to_string(i);
      // A synchronous upload, a background one, a listing and a HEAD, all at once.
      auto sync = client_->upload(source_.path() + "/" + name, S3Uri{kBucket, name + "/sync/"},
                                  true, options());
      auto background = client_->start_upload(source_.path() + "/" + name,
                                              S3Uri{kBucket, name + "/bg/"}, true, options());
      auto listed = client_->list_objects(ListRequest{kBucket, name + "/", "", "", 1000});
      auto done = background.wait();
      auto head = client_->head_object(kBucket, name + "/bg/f");
      if (!sync.ok() || sync->objects != 1 || !done.ok() || done->objects != 1 || !listed.ok() ||
          !head.ok() || head->size != kPart + 7) {
        ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
}

TEST_F(ClientBackgroundTest, ASyncRunsInTheBackgroundToo) {
  write_file("dir/a", 100);
  write_file("dir/b", 200);
  SyncOptions o;
  o.transfer = options();
  auto up = client_->start_sync_upload(source_.path() + "/dir", S3Uri{kBucket, "s/"}, o).wait();
  ASSERT_TRUE(up.ok()) << up.error().describe();
  EXPECT_EQ(up->transfer.objects, 2u);
  auto down =
      client_->start_sync_download(S3Uri{kBucket, "s/"}, target_.path() + "/mirror", o).wait();
  ASSERT_TRUE(down.ok()) << down.error().describe();
  EXPECT_EQ(down->transfer.objects, 2u);
  EXPECT_EQ(std::filesystem::file_size(target_.path() + "/mirror/b"), 200u);
}

TEST_F(ClientBackgroundTest, DestroyingTheClientStopsItsTransfersFirst) {
  write_file("slow.bin", 8 * kPart);
  TransferOptions o = options();
  o.resume = false;
  o.bandwidth_limit = 2 << 20;
  TransferHandle handle =
      client_->start_upload(source_.path() + "/slow.bin", S3Uri{kBucket, "slow.bin"}, false, o);
  std::this_thread::sleep_for(100ms);
  const auto asked = std::chrono::steady_clock::now();
  client_.reset();
  EXPECT_LT(std::chrono::steady_clock::now() - asked, 5s);
  ASSERT_TRUE(handle.wait_for(0ms)) << "the transfer outlived its Client";
  auto summary = handle.wait();
  ASSERT_TRUE(summary.ok()) << summary.error().describe();
  EXPECT_TRUE(summary->interrupted);
}

}  // namespace
}  // namespace hoist

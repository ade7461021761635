// The transfer engine on a fault-injecting Env against a real `hoist serve`: a read error
// fails only the file it hit (and leaves no multipart upload behind), and a full disk during
// a download leaves no file that looks complete.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "engine/s3/bucket_operations.h"
#include "engine/s3/head_object.h"
#include "engine/s3/list_multipart_uploads.h"
#include "engine/s3/service.h"
#include "engine/transfer/download_object.h"
#include "engine/transfer/engine.h"
#include "engine/transfer/multipart_upload.h"
#include "engine/transfer/single_upload.h"
#include "io/fault_injecting_env.h"
#include "io/file_stat.h"
#include "tests/integration/engine_serve_test.h"
#include "tests/support/temp_directory.h"

namespace hoist::transfer {
namespace {

using test::TempDirectory;

constexpr uint64_t kPart = 5ull << 20;

class EngineIoFaultTest : public test::EngineServeTest {
 protected:
  EngineIoFaultTest() : EngineServeTest(kBucket) {}



  std::string write_file(const std::string& name, uint64_t size) {
    std::string path = dir_.path() + "/" + name;
    std::ofstream out(path, std::ios::binary);
    for (uint64_t i = 0; i < size; ++i) out.put(static_cast<char>((i * 2654435761u) >> 13));
    return path;
  }

  // Runs one engine over `tasks` (each an object of the given size) on `env`; returns the
  // reports in completion order.
  std::vector<ObjectReport> run(io::Env* env, std::vector<std::pair<Task, uint64_t>> tasks) {
    std::vector<ObjectReport> reports;
    TransferOptions options;
    options.on_object = [&](const ObjectReport& r) { reports.push_back(r); };
    EngineConfig config;
    config.service = service_;
    config.credentials = credentials_;
    config.settings = EngineSettings{2, 4, kPart, 8 * kPart};
    config.object.part_size = kPart;
    config.object.multipart_threshold = kPart;
    config.object.fsync = true;  // so that a failing fsync can be injected
    config.env = env;
    config.options = &options;
    auto engine = Engine::create(std::move(config));
    EXPECT_TRUE(engine.ok());
    if (!engine.ok()) return reports;
    for (auto& [task, size] : tasks) (*engine)->add(std::move(task), size);
    (*engine)->finish();
    return reports;
  }

  std::shared_ptr<UploadSource> upload_source(const std::string& path, const std::string& key) {
    auto source = std::make_shared<UploadSource>();
    source->path = path;
    EXPECT_TRUE(io::stat_path(path, &source->stat).ok());
    source->bucket = kBucket;
    source->key = key;
    auto plan = plan_parts(source->stat.size, kPart, kPart);
    EXPECT_TRUE(plan.ok());
    source->plan = *plan;
    return source;
  }

  Task upload_task(const std::shared_ptr<UploadSource>& source) {
    return source->plan.multipart ? multipart_upload_task(source) : single_upload_task(source);
  }

  bool object_exists(const std::string& key) {
    return control_->execute(s3::head_object({kBucket, key, false})).ok();
  }



  static const ObjectReport* report_for_key(const std::vector<ObjectReport>& reports,
                                            const std::string& key) {
    for (const ObjectReport& r : reports) {
      if (r.key == key) return &r;
    }
    return nullptr;
  }

  static constexpr const char* kBucket = "engine-faults";
  TempDirectory dir_;
};

TEST_F(EngineIoFaultTest, ReadErrorFailsThatFileOnlyAndAbortsItsUpload) {
  const std::string broken = write_file("broken.bin", 3 * kPart + 1);  // multipart
  const std::string small = write_file("small.bin", 1000);
  const std::string fine = write_file("fine.bin", 2 * kPart);
  io::FaultInjectingEnv faulty(io::default_env());
  // EIO in the third part: two parts are already stored when the read fails.
  faulty.add(io::Fault{io::FaultOp::kRead, broken, 2 * kPart + 10, 0, UINT64_MAX, EIO});

  std::vector<std::pair<Task, uint64_t>> tasks;
  for (auto [path, key] : {std::pair{broken, "broken"}, {small, "small"}, {fine, "fine"}}) {
    auto source = upload_source(path, key);
    tasks.emplace_back(upload_task(source), source->stat.size);
  }
  auto reports = run(&faulty, std::move(tasks));
  ASSERT_EQ(reports.size(), 3u);
  const ObjectReport* failed = report_for_key(reports, "broken");
  ASSERT_NE(failed, nullptr);
  ASSERT_TRUE(failed->error.has_value());
  EXPECT_EQ(failed->error->kind, ErrorKind::kLocal);
  EXPECT_EQ(failed->error->local_path, broken);
  EXPECT_NE(failed->error->message.find("Input/output error"), std::string::npos)
      << failed->error->message;
  EXPECT_FALSE(report_for_key(reports, "small")->error.has_value());
  EXPECT_FALSE(report_for_key(reports, "fine")->error.has_value());
  EXPECT_GE(faulty.injected(), 1u);

  EXPECT_FALSE(object_exists("broken"));
  EXPECT_TRUE(object_exists("small"));
  EXPECT_TRUE(object_exists("fine"));
  EXPECT_EQ(open_uploads(), 0u);
}

TEST_F(EngineIoFaultTest, ReadErrorOfASmallFileFailsItCleanly) {
  const std::string broken = write_file("tiny.bin", 4000);
  io::FaultInjectingEnv faulty(io::default_env());
  faulty.add(io::Fault{io::FaultOp::kRead, broken, io::kAnyOffset, 0, UINT64_MAX, EIO});
  auto source = upload_source(broken, "tiny");
  std::vector<std::pair<Task, uint64_t>> tasks;
  tasks.emplace_back(upload_task(source), source->stat.size);
  auto reports = run(&faulty, std::move(tasks));
  ASSERT_EQ(reports.size(), 1u);
  ASSERT_TRUE(reports[0].error.has_value());
  EXPECT_EQ(reports[0].error->kind, ErrorKind::kLocal);
  EXPECT_FALSE(object_exists("tiny"));
}

TEST_F(EngineIoFaultTest, FullDiskDuringRangedDownloadLeavesNoFile) {
  const std::string source_path = write_file("big.bin", 3 * kPart + 7);
  {
    auto source = upload_source(source_path, "big");
    std::vector<std::pair<Task, uint64_t>> tasks;
    tasks.emplace_back(upload_task(source), source->stat.size);
    auto uploaded = run(io::default_env(), std::move(tasks));
    ASSERT_EQ(uploaded.size(), 1u);
    ASSERT_FALSE(uploaded[0].error.has_value());
  }
  TempDirectory out;
  io::FaultInjectingEnv faulty(io::default_env());
  faulty.add(io::Fault{io::FaultOp::kWrite, "", kPart + 1, 0, UINT64_MAX, ENOSPC});
  auto item = std::make_shared<DownloadSource>();
  item->bucket = kBucket;
  item->key = "big";
  item->size = 3 * kPart + 7;
  item->path = out.path() + "/big.bin";
  std::vector<std::pair<Task, uint64_t>> tasks;
  tasks.emplace_back(download_task(item), item->size);
  auto reports = run(&faulty, std::move(tasks));
  ASSERT_EQ(reports.size(), 1u);
  ASSERT_TRUE(reports[0].error.has_value());
  EXPECT_EQ(reports[0].error->kind, ErrorKind::kLocal);
  EXPECT_NE(reports[0].error->message.find("No space left"), std::string::npos)
      << reports[0].error->message;
  EXPECT_TRUE(std::filesystem::is_empty(out.path())) << "a partial or temporary file remains";
}

TEST_F(EngineIoFaultTest, FullDiskAtSyncLeavesNoFile) {
  const std::string source_path = write_file("small.bin", 1000);
  {
    auto source = upload_source(source_path, "small");
    std::vector<std::pair<Task, uint64_t>> tasks;
    tasks.emplace_back(upload_task(source), source->stat.size);
    ASSERT_FALSE(run(io::default_env(), std::move(tasks)).at(0).error.has_value());
  }
  TempDirectory out;
  io::FaultInjectingEnv faulty(io::default_env());
  faulty.add(io::Fault{io::FaultOp::kSync, "", io::kAnyOffset, 0, UINT64_MAX, ENOSPC});
  auto item = std::make_shared<DownloadSource>();
  item->bucket = kBucket;
  item->key = "small";
  item->size = 1000;
  item->path = out.path() + "/small.bin";
  std::vector<std::pair<Task, uint64_t>> tasks;
  tasks.emplace_back(download_task(item), item->size);
  auto reports = run(&faulty, std::move(tasks));
  ASSERT_EQ(reports.size(), 1u);
  ASSERT_TRUE(reports[0].error.has_value());
  EXPECT_TRUE(std::filesystem::is_empty(out.path())) << "a partial or temporary file remains";
}

}  // namespace
}  // namespace hoist::transfer

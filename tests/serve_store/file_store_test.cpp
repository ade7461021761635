// What only FileStore promises: keys never reach the file system as paths, bytes live under the
// root and nowhere else, readers survive replacement, state survives a restart, and concurrent
// writers neither corrupt nor lose objects.
#include "tools/serve/file_store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "engine/checksum/hasher.h"
#include "tests/serve_store/store_test_util.h"
#include "tests/support/temp_directory.h"

namespace hoist::serve {
namespace {

namespace fs = std::filesystem;

class FileStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    reopen();
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->create_bucket("bucket").ok());
  }

  void reopen() {
    store.reset();
    Result<std::unique_ptr<FileStore>> opened = FileStore::open(root());
    ASSERT_TRUE(opened.ok()) << opened.error().describe();
    store = std::move(*opened);
  }

  std::string root() const { return dir.path() + "/root"; }

  // Regular files under `path`, relative to it.
  static std::set<std::string> files_under(const std::string& path) {
    std::set<std::string> out;
    for (const auto& entry : fs::recursive_directory_iterator(path)) {
      if (entry.is_regular_file()) out.insert(fs::relative(entry.path(), path).string());
    }
    return out;
  }

  size_t content_files() const {
    size_t count = 0;
    for (const std::string& file : files_under(root() + "/bucket")) {
      count += file.starts_with("objects/");
    }
    return count;
  }

  test::TempDirectory dir;
  std::unique_ptr<FileStore> store;
};

TEST_F(FileStoreTest, EtagIsTheMd5OfTheBytes) {
  ObjectInfo info = put(*store, "bucket", "k", "hello");
  EXPECT_EQ(info.etag, "\"5d41402abc4b2a76b9719d911017c592\"");
}

TEST_F(FileStoreTest, HostileKeysAreOrdinaryDistinctKeysInsideTheRoot) {
  const std::vector<std::string> keys = {
      "../x", "/abs", "a/../../etc/passwd", "a//b", "a", "a/b", "a/", "./a", "..", ".",
      "dir/", std::string("nul\0inside", 10), "\xe6\x97\xa5\xe6\x9c\xac/\xf0\x9f\x98\x80"};
  for (size_t i = 0; i < keys.size(); ++i) {
    put(*store, "bucket", keys[i], "object " + std::to_string(i));
  }
  for (size_t i = 0; i < keys.size(); ++i) {
    EXPECT_EQ(get(*store, "bucket", keys[i]), "object " + std::to_string(i)) << keys[i];
  }
  Result<ListResult> listed = store->list_objects("bucket", {});
  ASSERT_TRUE(listed.ok());
  std::set<std::string> listed_keys;
  for (const ObjectInfo& object : listed->objects) listed_keys.insert(object.key);
  EXPECT_EQ(listed_keys, std::set<std::string>(keys.begin(), keys.end()));

  // Nothing was created beside the root, and inside it only the database and content files
  // named by ids.
  std::set<std::string> beside;
  for (const auto& entry : fs::directory_iterator(dir.path())) {
    beside.insert(entry.path().filename().string());
  }
  EXPECT_EQ(beside, std::set<std::string>{"root"});
  for (const std::string& file : files_under(root())) {
    bool database = file.starts_with(".hoist-store.db");
    bool content = file.starts_with("bucket/objects/") && file.size() == 15 + 3 + 32;
    EXPECT_TRUE(database || content) << file;
  }
  EXPECT_EQ(content_files(), keys.size());
}

TEST_F(FileStoreTest, ReaderKeepsTheOldBytesWhenTheKeyIsReplacedOrDeleted) {
  std::string old_bytes = test_bytes(300'000, 1);
  put(*store, "bucket", "k", old_bytes);
  Result<std::unique_ptr<ObjectReader>> before_replace = store->get_object("bucket", "k");
  ASSERT_TRUE(before_replace.ok());
  put(*store, "bucket", "k", "new");
  Result<std::unique_ptr<ObjectReader>> before_delete = store->get_object("bucket", "k");
  ASSERT_TRUE(before_delete.ok());
  ASSERT_TRUE(store->delete_object("bucket", "k").ok());

  EXPECT_EQ(read_all(**before_replace), old_bytes);
  EXPECT_EQ(read_all(**before_delete), "new");
  // Both content files are unlinked: only the open descriptors keep the bytes.
  EXPECT_EQ(content_files(), 0u);
}

TEST_F(FileStoreTest, ReplacedAndAbandonedContentFilesAreRemoved) {
  put(*store, "bucket", "k", "one");
  put(*store, "bucket", "k", "two");
  EXPECT_EQ(content_files(), 1u);
  std::string upload = *store->create_upload("bucket", "m", {}, "", "");
  put_part(*store, "bucket", "m", upload, 1, "first");
  std::string etag = put_part(*store, "bucket", "m", upload, 1, "again");
  put_part(*store, "bucket", "m", upload, 2, "not named at complete");
  EXPECT_EQ(content_files(), 3u);
  ASSERT_TRUE(store->complete_upload("bucket", "m", upload, {{1, etag, {}}}, {}).ok());
  EXPECT_EQ(content_files(), 2u);
  {
    Result<std::unique_ptr<ObjectWriter>> abandoned = store->put_object("bucket", "z", {});
    ASSERT_TRUE(abandoned.ok());
    ASSERT_TRUE((*abandoned)->write({"zzz", 3}).ok());
    EXPECT_EQ(files_under(root() + "/bucket/tmp").size(), 1u);
  }
  EXPECT_TRUE(files_under(root() + "/bucket/tmp").empty());
  std::string aborted = *store->create_upload("bucket", "a", {}, "", "");
  put_part(*store, "bucket", "a", aborted, 1, "part");
  ASSERT_TRUE(store->abort_upload("bucket", "a", aborted).ok());
  EXPECT_EQ(content_files(), 2u);
}

TEST_F(FileStoreTest, StateSurvivesARestart) {
  ObjectAttributes attributes;
  attributes.content_type = "text/plain";
  attributes.user_metadata = {{"k", "v"}};
  ObjectInfo stored = put(*store, "bucket", "dir/k", "persisted", attributes);
  ASSERT_TRUE(store->create_bucket("second").ok());
  std::string upload = *store->create_upload("bucket", "mp", {}, "CRC32C", "");
  NamedValues part_checksum;
  std::string etag = put_part(*store, "bucket", "mp", upload, 1, "part one");

  reopen();
  Result<ObjectInfo> head = store->head_object("bucket", "dir/k");
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->etag, stored.etag);
  EXPECT_EQ(head->last_modified_ns, stored.last_modified_ns);
  EXPECT_EQ(head->attributes.user_metadata, attributes.user_metadata);
  EXPECT_EQ(get(*store, "bucket", "dir/k"), "persisted");
  EXPECT_EQ(store->list_buckets()->size(), 2u);
  Result<std::vector<PartInfo>> parts = store->list_parts("bucket", "mp", upload);
  ASSERT_TRUE(parts.ok());
  ASSERT_EQ(parts->size(), 1u);
  EXPECT_EQ((*parts)[0].etag, etag);
  Result<ObjectInfo> done = store->complete_upload("bucket", "mp", upload, {{1, etag, {}}}, {});
  ASSERT_TRUE(done.ok()) << done.error().describe();
  EXPECT_EQ(done->checksum_type, "COMPOSITE");
  EXPECT_EQ(get(*store, "bucket", "mp"), "part one");
}

TEST_F(FileStoreTest, PartsCarryTheUploadsChecksumComputedFromTheirBytes) {
  std::string upload = *store->create_upload("bucket", "k", {}, "CRC64NVME", "");
  put_part(*store, "bucket", "k", upload, 1, "bytes of the part");
  Result<std::vector<PartInfo>> parts = store->list_parts("bucket", "k", upload);
  ASSERT_TRUE(parts.ok());
  ASSERT_EQ(parts->size(), 1u);
  std::string bytes = "bytes of the part";
  std::string expected =
      checksum::digest_of(checksum::Algorithm::crc64nvme,
                          {reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()})
          .to_base64();
  EXPECT_EQ((*parts)[0].checksums, (NamedValues{{"crc64nvme", expected}}));
}

TEST_F(FileStoreTest, ConcurrentPutsOfDifferentKeysAllLand) {
  constexpr int kThreads = 4, kPerThread = 25;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        std::string key = "t" + std::to_string(t) + "/" + std::to_string(i);
        put(*store, "bucket", key, test_bytes(1000 + i, t * 100 + i));
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  Result<ListResult> listed = store->list_objects("bucket", {});
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->objects.size(), static_cast<size_t>(kThreads * kPerThread));
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kPerThread; i += 7) {
      EXPECT_EQ(get(*store, "bucket", "t" + std::to_string(t) + "/" + std::to_string(i)),
                test_bytes(1000 + i, t * 100 + i));
    }
  }
}

TEST_F(FileStoreTest, ConcurrentPutsOfOneKeyLeaveOneWholeObject) {
  constexpr int kThreads = 4;
  std::vector<std::string> versions;
  for (int t = 0; t < kThreads; ++t) versions.push_back(test_bytes(200'000, t));
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 5; ++round) put(*store, "bucket", "same", versions[t]);
    });
  }
  for (std::thread& thread : threads) thread.join();
  std::string final_bytes = get(*store, "bucket", "same");
  EXPECT_NE(std::find(versions.begin(), versions.end(), final_bytes), versions.end());
  EXPECT_EQ(content_files(), 1u);
}

TEST_F(FileStoreTest, DeletedBucketRemovesItsDirectory) {
  ASSERT_TRUE(store->create_bucket("gone").ok());
  EXPECT_TRUE(fs::is_directory(root() + "/gone"));
  ASSERT_TRUE(store->delete_bucket("gone").ok());
  EXPECT_FALSE(fs::exists(root() + "/gone"));
  ASSERT_TRUE(store->create_bucket("gone").ok());
  put(*store, "gone", "k", "back again");
  EXPECT_EQ(get(*store, "gone", "k"), "back again");
}

}  // namespace
}  // namespace hoist::serve

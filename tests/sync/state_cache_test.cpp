// StateCache: what sync remembers between runs is found again only while the keys it was stored
// under (a file's inode, size, mtime and ctime; an object's ETag and location) still match, and
// what was written survives the cache being closed and opened again.
#include "engine/sync/state_cache.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "tests/support/temp_directory.h"

namespace hoist::sync {
namespace {

constexpr const char* kLocation = "https://s3.example.com/bucket";

io::FileStat stat_of(uint64_t inode, uint64_t size, int64_t mtime_ns, int64_t ctime_ns) {
  io::FileStat stat;
  stat.inode = inode;
  stat.size = size;
  stat.mtime_ns = mtime_ns;
  stat.ctime_ns = ctime_ns;
  stat.is_regular = true;
  return stat;
}

CachedObject object_with(std::string etag, uint64_t size, std::optional<int64_t> mtime_ns) {
  CachedObject object;
  object.etag = std::move(etag);
  object.size = size;
  object.mtime_ns = mtime_ns;
  object.checksum_algorithm = "CRC64NVME";
  object.checksum = "kWrXVpI0a2A=";
  return object;
}

mode_t permissions_of(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 0777;
}

class StateCacheTest : public ::testing::Test {
 protected:
  std::string state_dir() const { return dir.path() + "/state"; }

  std::unique_ptr<StateCache> open_cache() {
    Result<std::unique_ptr<StateCache>> cache = StateCache::open(state_dir());
    EXPECT_TRUE(cache.ok()) << (cache.ok() ? "" : cache.error().describe());
    return cache.ok() ? std::move(cache).value() : nullptr;
  }

  static void remember_file(StateCache& cache, const std::string& path, const io::FileStat& stat,
                            const std::string& algorithm, const std::string& checksum) {
    Status status = cache.remember_file(path, stat, algorithm, checksum);
    ASSERT_TRUE(status.ok()) << status.error().describe();
  }

  static void remember_object(StateCache& cache, const std::string& location,
                              const std::string& key, const CachedObject& object) {
    Status status = cache.remember_object(location, key, object);
    ASSERT_TRUE(status.ok()) << status.error().describe();
  }

  test::TempDirectory dir;
};

TEST_F(StateCacheTest, AFileChecksumIsFoundWhileTheStatIsUnchanged) {
  auto cache = open_cache();
  ASSERT_NE(cache, nullptr);
  const io::FileStat stat = stat_of(42, 1000, 1'700'000'000'123'456'789, 1'700'000'001'000'000'000);
  remember_file(*cache, "/data/a.bin", stat, "CRC32C", "yZRlqg==");
  EXPECT_EQ(cache->file_checksum("/data/a.bin", stat, "CRC32C"), "yZRlqg==");
  EXPECT_EQ(cache->file_checksum("/data/b.bin", stat, "CRC32C"), std::nullopt);
}

TEST_F(StateCacheTest, AFileChecksumIsNotFoundOnceAnyStatKeyChanged) {
  auto cache = open_cache();
  ASSERT_NE(cache, nullptr);
  const io::FileStat stat = stat_of(42, 1000, 1'700'000'000'123'456'789, 1'700'000'001'000'000'000);
  remember_file(*cache, "/data/a.bin", stat, "CRC32C", "yZRlqg==");

  io::FileStat other_inode = stat;
  other_inode.inode = 43;  // replaced by another file (rename over it)
  io::FileStat other_size = stat;
  other_size.size = 1001;
  io::FileStat other_mtime = stat;
  other_mtime.mtime_ns += 1;  // one nanosecond is a change
  io::FileStat other_ctime = stat;
  other_ctime.ctime_ns += 1;  // rewritten, with the mtime put back
  for (const io::FileStat& changed : {other_inode, other_size, other_mtime, other_ctime}) {
    EXPECT_EQ(cache->file_checksum("/data/a.bin", changed, "CRC32C"), std::nullopt)
        << changed.inode << " " << changed.size << " " << changed.mtime_ns << " "
        << changed.ctime_ns;
  }
  // The entry itself is still there for the unchanged stat: lookups do not erase it.
  EXPECT_EQ(cache->file_checksum("/data/a.bin", stat, "CRC32C"), "yZRlqg==");
}

TEST_F(StateCacheTest, AFileChecksumIsFoundOnlyForItsAlgorithm) {
  auto cache = open_cache();
  ASSERT_NE(cache, nullptr);
  const io::FileStat stat = stat_of(7, 10, 1'000, 2'000);
  remember_file(*cache, "/data/a.bin", stat, "CRC32C", "crc32c-value");
  EXPECT_EQ(cache->file_checksum("/data/a.bin", stat, "CRC64NVME"), std::nullopt);
  EXPECT_EQ(cache->file_checksum("/data/a.bin", stat, "CRC32C"), "crc32c-value");
}

TEST_F(StateCacheTest, RememberingAFileAgainReplacesItsEntry) {
  auto cache = open_cache();
  ASSERT_NE(cache, nullptr);
  const io::FileStat before = stat_of(7, 10, 1'000, 2'000);
  const io::FileStat after = stat_of(7, 12, 3'000, 4'000);
  remember_file(*cache, "/data/a.bin", before, "CRC32C", "old");
  remember_file(*cache, "/data/a.bin", after, "CRC32C", "new");
  EXPECT_EQ(cache->file_checksum("/data/a.bin", after, "CRC32C"), "new");
  EXPECT_EQ(cache->file_checksum("/data/a.bin", before, "CRC32C"), std::nullopt);
}

TEST_F(StateCacheTest, AnObjectIsFoundWithItsETagAndLocation) {
  auto cache = open_cache();
  ASSERT_NE(cache, nullptr);
  remember_object(*cache, kLocation, "p/a.txt",
                  object_with("\"etag-1\"", 1234, 1'700'000'000'123'456'789));
  std::optional<CachedObject> found = cache->object(kLocation, "p/a.txt", "\"etag-1\"");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->etag, "\"etag-1\"");
  EXPECT_EQ(found->size, 1234u);
  EXPECT_EQ(found->mtime_ns, 1'700'000'000'123'456'789);
  EXPECT_EQ(found->checksum_algorithm, "CRC64NVME");
  EXPECT_EQ(found->checksum, "kWrXVpI0a2A=");
}

TEST_F(StateCacheTest, AnObjectIsNotFoundWithAnotherETagLocationOrKey) {
  auto cache = open_cache();
  ASSERT_NE(cache, nullptr);
  remember_object(*cache, kLocation, "p/a.txt", object_with("\"etag-1\"", 1234, 5));
  // Overwritten since: the remembered size and mtime no longer describe it.
  EXPECT_EQ(cache->object(kLocation, "p/a.txt", "\"etag-2\""), std::nullopt);
  // Another server or bucket with the same key.
  EXPECT_EQ(cache->object("http://127.0.0.1:9000/bucket", "p/a.txt", "\"etag-1\""), std::nullopt);
  EXPECT_EQ(cache->object(kLocation, "p/b.txt", "\"etag-1\""), std::nullopt);
  EXPECT_TRUE(cache->object(kLocation, "p/a.txt", "\"etag-1\"").has_value());
}

TEST_F(StateCacheTest, TheSameKeyInTwoLocationsHasTwoEntries) {
  auto cache = open_cache();
  ASSERT_NE(cache, nullptr);
  const std::string other = "http://127.0.0.1:9000/bucket";
  remember_object(*cache, kLocation, "k", object_with("\"e\"", 1, std::nullopt));
  remember_object(*cache, other, "k", object_with("\"e\"", 2, std::nullopt));
  std::optional<CachedObject> first = cache->object(kLocation, "k", "\"e\"");
  std::optional<CachedObject> second = cache->object(other, "k", "\"e\"");
  ASSERT_TRUE(first.has_value());
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(first->size, 1u);
  EXPECT_EQ(second->size, 2u);
}

TEST_F(StateCacheTest, ForgetObjectRemovesOnlyThatEntry) {
  auto cache = open_cache();
  ASSERT_NE(cache, nullptr);
  const std::string other = "http://127.0.0.1:9000/bucket";
  remember_object(*cache, kLocation, "p/a.txt", object_with("\"a\"", 1, 10));
  remember_object(*cache, kLocation, "p/b.txt", object_with("\"b\"", 2, 20));
  remember_object(*cache, other, "p/a.txt", object_with("\"a\"", 1, 10));
  Status forgotten = cache->forget_object(kLocation, "p/a.txt");
  ASSERT_TRUE(forgotten.ok()) << forgotten.error().describe();
  EXPECT_EQ(cache->object(kLocation, "p/a.txt", "\"a\""), std::nullopt);
  EXPECT_TRUE(cache->object(kLocation, "p/b.txt", "\"b\"").has_value());
  EXPECT_TRUE(cache->object(other, "p/a.txt", "\"a\"").has_value());
  // Forgetting what is not there is not an error (a deleted object never remembered).
  Status again = cache->forget_object(kLocation, "p/a.txt");
  EXPECT_TRUE(again.ok()) << again.error().describe();
}

TEST_F(StateCacheTest, AnObjectWithoutMtimeComesBackWithoutOne) {
  auto cache = open_cache();
  ASSERT_NE(cache, nullptr);
  remember_object(*cache, kLocation, "none", object_with("\"n\"", 3, std::nullopt));
  // Zero and negative mtimes are real mtimes, not "none".
  remember_object(*cache, kLocation, "zero", object_with("\"z\"", 3, 0));
  remember_object(*cache, kLocation, "old", object_with("\"o\"", 3, -1'000'000'001));
  std::optional<CachedObject> none = cache->object(kLocation, "none", "\"n\"");
  std::optional<CachedObject> zero = cache->object(kLocation, "zero", "\"z\"");
  std::optional<CachedObject> old = cache->object(kLocation, "old", "\"o\"");
  ASSERT_TRUE(none.has_value());
  ASSERT_TRUE(zero.has_value());
  ASSERT_TRUE(old.has_value());
  EXPECT_EQ(none->mtime_ns, std::nullopt);
  EXPECT_EQ(zero->mtime_ns, std::optional<int64_t>(0));
  EXPECT_EQ(old->mtime_ns, std::optional<int64_t>(-1'000'000'001));
}

TEST_F(StateCacheTest, EntriesSurviveCloseAndReopenWithoutAnExplicitFlush) {
  const io::FileStat stat = stat_of(9, 99, 1'000, 2'000);
  {
    auto cache = open_cache();
    ASSERT_NE(cache, nullptr);
    remember_file(*cache, "/data/f", stat, "CRC32C", "sum");
    remember_object(*cache, kLocation, "k", object_with("\"e\"", 99, 1'000));
    remember_object(*cache, kLocation, "gone", object_with("\"g\"", 1, 1));
    ASSERT_TRUE(cache->forget_object(kLocation, "gone").ok());
  }  // the destructor commits
  auto reopened = open_cache();
  ASSERT_NE(reopened, nullptr);
  EXPECT_EQ(reopened->file_checksum("/data/f", stat, "CRC32C"), "sum");
  std::optional<CachedObject> object = reopened->object(kLocation, "k", "\"e\"");
  ASSERT_TRUE(object.has_value());
  EXPECT_EQ(object->size, 99u);
  EXPECT_EQ(object->mtime_ns, 1'000);
  EXPECT_EQ(reopened->object(kLocation, "gone", "\"g\""), std::nullopt);
}

TEST_F(StateCacheTest, WritesAcrossTheBatchBoundaryAllPersist) {
  // More than one batch (4,096 writes), ending part way into the second.
  constexpr int kWrites = 4096 * 2 + 100;
  auto key = [](int i) { return "dir/file-" + std::to_string(i); };
  {
    auto cache = open_cache();
    ASSERT_NE(cache, nullptr);
    for (int i = 0; i < kWrites; ++i) {
      remember_object(*cache, kLocation, key(i),
                      object_with("\"" + std::to_string(i) + "\"", i, i));
    }
  }
  auto reopened = open_cache();
  ASSERT_NE(reopened, nullptr);
  int found = 0;
  for (int i = 0; i < kWrites; ++i) {
    std::optional<CachedObject> object =
        reopened->object(kLocation, key(i), "\"" + std::to_string(i) + "\"");
    if (object && object->size == static_cast<uint64_t>(i) && object->mtime_ns == i) ++found;
  }
  EXPECT_EQ(found, kWrites);
}

TEST_F(StateCacheTest, FullBatchesAreCommittedBeforeFlush) {
  // A sync killed part way keeps all but its last batch: another reader of the file sees the
  // first batch while the writer still holds the second open, and the rest after flush().
  auto writer = open_cache();
  ASSERT_NE(writer, nullptr);
  constexpr int kWrites = 4096 + 10;
  for (int i = 0; i < kWrites; ++i) {
    remember_object(*writer, kLocation, "k" + std::to_string(i), object_with("\"e\"", 1, i));
  }
  auto reader = open_cache();
  ASSERT_NE(reader, nullptr);
  EXPECT_TRUE(reader->object(kLocation, "k0", "\"e\"").has_value());
  EXPECT_TRUE(reader->object(kLocation, "k4095", "\"e\"").has_value());
  EXPECT_FALSE(reader->object(kLocation, "k4100", "\"e\"").has_value());
  Status flushed = writer->flush();
  ASSERT_TRUE(flushed.ok()) << flushed.error().describe();
  EXPECT_TRUE(reader->object(kLocation, "k4100", "\"e\"").has_value());
  // A flush with nothing written since is harmless.
  EXPECT_TRUE(writer->flush().ok());
}

TEST_F(StateCacheTest, TheFileIsPrivateAndMissingStateDirectoriesAreCreatedPrivate) {
  const std::string parent = dir.path() + "/home-state";
  const std::string state = parent + "/hoist";
  Result<std::unique_ptr<StateCache>> cache = StateCache::open(state);
  ASSERT_TRUE(cache.ok()) << cache.error().describe();
  EXPECT_EQ(permissions_of(parent), 0700u);
  EXPECT_EQ(permissions_of(state), 0700u);
  EXPECT_EQ(permissions_of(state + "/sync-cache.sqlite"), 0600u);
}

TEST_F(StateCacheTest, AStateDirectoryWithATrailingSlashIsTheSameDirectory) {
  Result<std::unique_ptr<StateCache>> cache = StateCache::open(state_dir() + "/");
  ASSERT_TRUE(cache.ok()) << cache.error().describe();
  EXPECT_EQ(permissions_of(state_dir() + "/sync-cache.sqlite"), 0600u);
}

TEST_F(StateCacheTest, AStateDirectoryThatIsAFileIsAStateCacheError) {
  const std::string file = dir.write_file("state", "not a directory");
  Result<std::unique_ptr<StateCache>> cache = StateCache::open(file);
  ASSERT_FALSE(cache.ok());
  EXPECT_EQ(cache.error().code, "StateCacheError");
  EXPECT_NE(cache.error().message.find(file), std::string::npos) << cache.error().message;
}

}  // namespace
}  // namespace hoist::sync

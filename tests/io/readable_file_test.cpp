// ReadableFile and stat_path on real files.
#include "io/readable_file.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <memory>
#include <string>

#include "tests/io/io_test.h"

namespace hoist::io {
namespace {

constexpr int64_t kMtimeNs = 1'700'000'000'123'456'789;

class ReadableFileTest : public IoTest {
 protected:
  // Opens `file`, failing the test when it cannot.
  std::unique_ptr<ReadableFile> open_file(const std::string& file) {
    std::unique_ptr<ReadableFile> out;
    EXPECT_TRUE(is_ok(ReadableFile::open(default_env(), file, &out)));
    return out;
  }

  // What read_at returns: the bytes and how many it said it read.
  static std::string read(const ReadableFile& file, uint64_t offset, size_t size) {
    std::string buffer(size, '#');
    size_t got = size + 1;
    EXPECT_TRUE(is_ok(file.read_at(offset, size, buffer.data(), &got)));
    EXPECT_LE(got, size);
    return buffer.substr(0, std::min(got, size));
  }

  static void set_mtime(const std::string& file, int64_t ns) {
    timespec times[2] = {{0, UTIME_OMIT}, {ns / 1'000'000'000, ns % 1'000'000'000}};
    ASSERT_EQ(::utimensat(AT_FDCWD, file.c_str(), times, 0), 0) << file;
  }
};

TEST_F(ReadableFileTest, ReadsAtAnyOffset) {
  auto file = open_file(dir.write_file("digits", "0123456789"));
  ASSERT_TRUE(file);
  EXPECT_EQ(read(*file, 0, 4), "0123");
  EXPECT_EQ(read(*file, 2, 5), "23456");
  EXPECT_EQ(read(*file, 9, 1), "9");
  EXPECT_EQ(file->path(), path("digits"));
}

TEST_F(ReadableFileTest, ShortReadsHappenOnlyAtEndOfFile) {
  auto file = open_file(dir.write_file("digits", "0123456789"));
  ASSERT_TRUE(file);
  EXPECT_EQ(read(*file, 7, 10), "789");
  EXPECT_EQ(read(*file, 10, 4), "");
  EXPECT_EQ(read(*file, 1'000'000, 4), "");
  EXPECT_EQ(read(*file, 0, 0), "");
  auto empty = open_file(dir.write_file("empty", ""));
  ASSERT_TRUE(empty);
  EXPECT_EQ(read(*empty, 0, 16), "");
}

TEST_F(ReadableFileTest, LargeReadIsComplete) {
  std::string data(3 * 1024 * 1024 + 11, '\0');
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i * 7 % 253);
  auto file = open_file(dir.write_file("large", data));
  ASSERT_TRUE(file);
  EXPECT_TRUE(read(*file, 0, data.size()) == data);
  EXPECT_TRUE(read(*file, 1, data.size()) == data.substr(1));
}

TEST_F(ReadableFileTest, StatAtOpenIsKeptWhileCurrentStatFollowsTheFile) {
  std::string name = dir.write_file("growing", "0123456789");
  set_mtime(name, kMtimeNs);
  auto file = open_file(name);
  ASSERT_TRUE(file);
  EXPECT_EQ(file->stat_at_open().size, 10u);
  EXPECT_EQ(file->stat_at_open().mtime_ns, kMtimeNs);
  EXPECT_TRUE(file->stat_at_open().is_regular);
  EXPECT_FALSE(file->stat_at_open().is_directory);

  dir.write_file("growing", "0123456789abc");
  set_mtime(name, kMtimeNs + 1);
  FileStat now;
  ASSERT_TRUE(is_ok(file->current_stat(&now)));
  EXPECT_EQ(now.size, 13u);
  EXPECT_EQ(now.mtime_ns, kMtimeNs + 1);
  EXPECT_EQ(file->stat_at_open().size, 10u);
  EXPECT_EQ(file->stat_at_open().mtime_ns, kMtimeNs);
}

TEST_F(ReadableFileTest, DirectoryIsRefusedWithEisdir) {
  std::unique_ptr<ReadableFile> out;
  Status status = ReadableFile::open(default_env(), dir.path(), &out);
  EXPECT_EQ(status.error, EISDIR);
  EXPECT_EQ(status.message, "open " + dir.path() + ": Is a directory");
  EXPECT_FALSE(out);
}

TEST_F(ReadableFileTest, MissingFileNamesThePath) {
  std::unique_ptr<ReadableFile> out;
  Status status = ReadableFile::open(default_env(), path("no/such file"), &out);
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(status.error, ENOENT);
  EXPECT_EQ(status.message, "open " + path("no/such file") + ": No such file or directory");
  EXPECT_FALSE(out);
}

TEST_F(ReadableFileTest, StatPathFollowsLinksAndReportsKinds) {
  std::string name = dir.write_file("f", "abc");
  set_mtime(name, kMtimeNs);
  FileStat file;
  ASSERT_TRUE(is_ok(stat_path(name, &file)));
  EXPECT_EQ(file.size, 3u);
  EXPECT_EQ(file.mtime_ns, kMtimeNs);
  EXPECT_TRUE(file.is_regular);
  EXPECT_FALSE(file.is_directory);

  ASSERT_EQ(::symlink(dir.path().c_str(), path("link").c_str()), 0);
  FileStat directory;
  ASSERT_TRUE(is_ok(stat_path(path("link"), &directory)));
  EXPECT_TRUE(directory.is_directory);
  EXPECT_FALSE(directory.is_regular);

  FileStat missing;
  Status status = stat_path(path("missing"), &missing);
  EXPECT_EQ(status.error, ENOENT);
  EXPECT_EQ(status.message, "stat " + path("missing") + ": No such file or directory");
}

}  // namespace
}  // namespace hoist::io

// The Env's file operations that need no queue, on every Env: blocking positional reads and
// making directory trees (mkdir -p), with the errors a caller has to tell apart.
#include <gtest/gtest.h>

#include <cerrno>
#include <filesystem>
#include <memory>
#include <string>

#include "io/env.h"
#include "tests/io/env_test_params.h"
#include "tests/io/io_test.h"

namespace hoist::io {
namespace {

using EnvFileOperationsTest = EnvParamTest;

TEST_P(EnvFileOperationsTest, ReadAtReadsThatRangeAndStopsShortOnlyAtTheEnd) {
  const std::string file = dir.write_file("data.bin", pattern(0, 10000));
  std::unique_ptr<File> opened;
  ASSERT_TRUE(is_ok(env->open_for_read(file, {}, &opened)));
  std::string buffer(4000, '#');
  size_t got = 0;
  ASSERT_TRUE(is_ok(env->read_at(*opened, 3000, buffer.size(), buffer.data(), &got)));
  EXPECT_EQ(got, 4000u);
  EXPECT_TRUE(buffer == pattern(3000, 4000));
  ASSERT_TRUE(is_ok(env->read_at(*opened, 8000, buffer.size(), buffer.data(), &got)));
  EXPECT_EQ(got, 2000u);
  EXPECT_TRUE(buffer.substr(0, 2000) == pattern(8000, 2000));
  ASSERT_TRUE(is_ok(env->read_at(*opened, 10000, buffer.size(), buffer.data(), &got)));
  EXPECT_EQ(got, 0u);
}

TEST_P(EnvFileOperationsTest, CreateDirectoriesMakesEveryMissingLevel) {
  const std::string deep = path("a/b/c");
  ASSERT_TRUE(is_ok(env->create_directories(deep)));
  EXPECT_TRUE(std::filesystem::is_directory(deep));
  // Again: a directory that exists is success, as is a trailing slash.
  EXPECT_TRUE(is_ok(env->create_directories(deep)));
  EXPECT_TRUE(is_ok(env->create_directories(path("a/b/d/"))));
  EXPECT_TRUE(std::filesystem::is_directory(path("a/b/d")));
}

TEST_P(EnvFileOperationsTest, CreateDirectoriesFollowsASymlinkToADirectory) {
  ASSERT_TRUE(is_ok(env->create_directories(path("real"))));
  std::filesystem::create_directory_symlink(path("real"), path("link"));
  EXPECT_TRUE(is_ok(env->create_directories(path("link"))));
  EXPECT_TRUE(is_ok(env->create_directories(path("link/inner"))));
  EXPECT_TRUE(std::filesystem::is_directory(path("real/inner")));
}

TEST_P(EnvFileOperationsTest, CreateDirectoriesOverAFileIsNotADirectory) {
  dir.write_file("plain", "x");
  Status over = env->create_directories(path("plain"));
  EXPECT_EQ(over.error, ENOTDIR);
  EXPECT_EQ(over.message, "create directory " + path("plain") + ": Not a directory");
  Status below = env->create_directories(path("plain/sub"));
  EXPECT_EQ(below.error, ENOTDIR);
  EXPECT_NE(below.message.find(path("plain/sub")), std::string::npos) << below.message;
}

TEST_P(EnvFileOperationsTest, CreateDirectoriesNamesTheLevelItCouldNotMake) {
  dir.write_file("plain", "x");
  Status made = env->create_directories(path("plain/x/y"));
  EXPECT_EQ(made.error, ENOTDIR);
  EXPECT_EQ(made.message, "create directory " + path("plain/x") + ": Not a directory");
}

INSTANTIATE_TEST_SUITE_P(AllEnvs, EnvFileOperationsTest,
                         ::testing::ValuesIn(all_env_factories()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace hoist::io

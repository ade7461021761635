// DirectoryWalker over generated trees: every file once, symlinks followed or not, loops,
// unreadable directories and entries that cannot be stat'ed reported without stopping the
// walk, and a wide tree quickly.
#include "io/directory_walker.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "io/fault_injecting_env.h"
#include "tests/io/io_test.h"

namespace hoist::io {
namespace {

class DirectoryWalkerTest : public IoTest {
 protected:
  // relative path -> entry, for every entry the walk yields; fails the test on a repeat.
  std::map<std::string, WalkEntry> walk(Env* env, const std::string& root,
                                        WalkOptions options = {}) {
    std::unique_ptr<DirectoryWalker> walker;
    EXPECT_TRUE(is_ok(DirectoryWalker::open(env, root, options, &walker)));
    std::map<std::string, WalkEntry> out;
    if (!walker) return out;
    WalkEntry entry;
    while (walker->next(&entry)) {
      EXPECT_EQ(entry.path.substr(0, root.size()), root);
      EXPECT_TRUE(out.emplace(std::string(entry.relative_path()), entry).second) << entry.path;
    }
    return out;
  }

  std::map<std::string, WalkEntry> walk(WalkOptions options = {}) {
    return walk(posix.get(), dir.path(), options);
  }

  void link(const std::string& target, const std::string& name) {
    ASSERT_EQ(::symlink(target.c_str(), path(name).c_str()), 0) << name;
  }

  std::unique_ptr<Env> posix = new_posix_env();
};

TEST_F(DirectoryWalkerTest, EveryFileOnceWithSizeAndMtime) {
  dir.write_file("a.txt", "12345");
  dir.write_file("sub/b.txt", "1");
  dir.write_file("sub/deeper/c.txt", "");
  ASSERT_EQ(::mkdir(path("empty").c_str(), 0755), 0);
  auto entries = walk();
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries["a.txt"].kind, EntryKind::kFile);
  EXPECT_EQ(entries["a.txt"].stat.size, 5u);
  EXPECT_EQ(entries["a.txt"].stat.mtime_ns, mtime_ns(path("a.txt")));
  EXPECT_EQ(entries["a.txt"].path, path("a.txt"));
  EXPECT_EQ(entries["sub/b.txt"].stat.size, 1u);
  EXPECT_EQ(entries["sub/deeper/c.txt"].error, 0);
}

TEST_F(DirectoryWalkerTest, DirectoriesComeBeforeTheirContentsAndCanBeSkipped) {
  dir.write_file("keep/x", "x");
  dir.write_file("skip/y", "y");
  dir.write_file("skip/inner/z", "z");
  std::unique_ptr<DirectoryWalker> walker;
  ASSERT_TRUE(is_ok(
      DirectoryWalker::open(posix.get(), dir.path() + "/", {.report_directories = true}, &walker)));
  std::vector<std::string> order;
  WalkEntry entry;
  while (walker->next(&entry)) {
    order.emplace_back(entry.relative_path());
    if (entry.kind == EntryKind::kDirectory && entry.relative_path() == "skip")
      walker->skip_directory();
  }
  std::sort(order.begin(), order.end());
  EXPECT_EQ(order, (std::vector<std::string>{"keep", "keep/x", "skip"}));
}

TEST_F(DirectoryWalkerTest, SymlinksAreFollowedByDefault) {
  dir.write_file("real/file", "abc");
  std::string outside_root = dir.write_file("outside/target", "0123456789");
  link(dir.path() + "/outside", "real/linked_dir");
  link(outside_root, "real/linked_file");
  auto entries = walk(posix.get(), path("real"));
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries["linked_file"].kind, EntryKind::kFile);
  EXPECT_EQ(entries["linked_file"].stat.size, 10u);
  EXPECT_EQ(entries["linked_dir/target"].stat.size, 10u);
  EXPECT_EQ(entries["file"].kind, EntryKind::kFile);
}

TEST_F(DirectoryWalkerTest, WithoutFollowingSymlinksAreReportedNotEntered) {
  dir.write_file("real/file", "abc");
  dir.write_file("outside/target", "0123456789");
  link(dir.path() + "/outside", "real/linked_dir");
  auto entries = walk(posix.get(), path("real"), {.follow_symlinks = false});
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries["linked_dir"].kind, EntryKind::kSymlink);
  EXPECT_EQ(entries.count("linked_dir/target"), 0u);
}

TEST_F(DirectoryWalkerTest, SymlinkLoopIsReportedOnceAndTheWalkGoesOn) {
  dir.write_file("a/b/file", "x");
  dir.write_file("a/z_after", "y");
  link("..", "a/b/up");               // a/b/up -> a: an ancestor
  link(dir.path() + "/a", "a/self");  // a/self -> a
  auto entries = walk(posix.get(), path("a"));
  ASSERT_EQ(entries.size(), 4u);
  EXPECT_EQ(entries["b/up"].error, ELOOP);
  EXPECT_EQ(entries["b/up"].path, path("a/b/up"));
  EXPECT_EQ(entries["self"].error, ELOOP);
  EXPECT_EQ(entries["b/file"].error, 0);
  EXPECT_EQ(entries["z_after"].error, 0);
}

// A sorted walk yields relative paths in byte order, the order of an S3 listing of the same
// keys: "a-c" (0x2d) before "a/b" (0x2f), "a/b" before "a0", capitals before lower case, and
// multi-byte UTF-8 after ASCII.
TEST_F(DirectoryWalkerTest, SortedWalkYieldsPathsInByteOrder) {
  const std::vector<std::string> files = {
      "a/b", "a-c", "a0", "B", "b.txt", "a/x/y", "\xc3\xa9t\xc3\xa9", "a/a.", "a/.h", "z"};
  for (const std::string& name : files) dir.write_file(name, "x");
  link(path("a"), "link_to_a");
  WalkOptions options;
  options.sorted = true;
  std::unique_ptr<DirectoryWalker> walker;
  ASSERT_TRUE(is_ok(DirectoryWalker::open(posix.get(), dir.path(), options, &walker)));
  std::vector<std::string> order;
  WalkEntry entry;
  while (walker->next(&entry)) {
    EXPECT_EQ(entry.error, 0) << entry.path;
    order.emplace_back(entry.relative_path());
  }
  std::vector<std::string> expected = files;
  for (const char* below_link : {"link_to_a/b", "link_to_a/x/y", "link_to_a/a.", "link_to_a/.h"}) {
    expected.emplace_back(below_link);
  }
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(order, expected);
}

TEST_F(DirectoryWalkerTest, DanglingSymlinkIsAnErrorEntry) {
  dir.write_file("ok", "x");
  link(path("nowhere"), "dangling");
  auto entries = walk();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries["dangling"].error, ENOENT);
  EXPECT_EQ(entries["ok"].error, 0);
}

TEST_F(DirectoryWalkerTest, UnreadableDirectoryByPermissions) {
  if (::geteuid() == 0) {
    GTEST_SKIP() << "running as root, where mode 000 does not stop reading a directory; "
                    "UnreadableDirectoryByInjectedFault covers the same path";
  }
  dir.write_file("locked/secret", "x");
  dir.write_file("open/file", "y");
  ASSERT_EQ(::chmod(path("locked").c_str(), 0), 0);
  auto entries = walk();
  ::chmod(path("locked").c_str(), 0755);
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries["locked"].error, EACCES);
  EXPECT_EQ(entries["open/file"].error, 0);
}

TEST_F(DirectoryWalkerTest, UnreadableDirectoryByInjectedFault) {
  dir.write_file("locked/secret", "x");
  dir.write_file("open/file", "y");
  FaultInjectingEnv faulty(posix.get());
  faulty.add(Fault{.op = FaultOp::kOpenDirectory, .path = path("locked"), .error = EACCES});
  auto entries = walk(&faulty, dir.path());
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries["locked"].error, EACCES);
  EXPECT_EQ(entries["locked"].path, path("locked"));
  EXPECT_EQ(entries["open/file"].error, 0);
}

// Each entry's stat goes through the Env: one that fails is that entry's error, in a walk in
// directory order and in a sorted one alike, and the walk goes on.
TEST_F(DirectoryWalkerTest, AnEntryWhoseStatFailsIsAnErrorEntry) {
  dir.write_file("a.txt", "1");
  dir.write_file("sub/b.txt", "2");
  dir.write_file("sub/c.txt", "3");
  FaultInjectingEnv faulty(posix.get());
  faulty.add(Fault{.op = FaultOp::kStat, .path = path("sub/b.txt"), .error = EACCES});
  for (bool sorted : {false, true}) {
    WalkOptions options;
    options.sorted = sorted;
    auto entries = walk(&faulty, dir.path(), options);
    ASSERT_EQ(entries.size(), 3u) << "sorted: " << sorted;
    EXPECT_EQ(entries["sub/b.txt"].error, EACCES);
    EXPECT_EQ(entries["sub/c.txt"].error, 0);
    EXPECT_EQ(entries["sub/c.txt"].stat.size, 1u);
    EXPECT_EQ(entries["a.txt"].kind, EntryKind::kFile);
  }
  EXPECT_EQ(faulty.injected(), 2u);
}

TEST_F(DirectoryWalkerTest, RootThatIsAFileIsTheOnlyEntry) {
  std::string file = dir.write_file("single.bin", "abcd");
  auto entries = walk(posix.get(), file);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries["single.bin"].path, file);
  EXPECT_EQ(entries["single.bin"].stat.size, 4u);
}

TEST_F(DirectoryWalkerTest, MissingRootFailsToOpen) {
  std::unique_ptr<DirectoryWalker> walker;
  Status status = DirectoryWalker::open(posix.get(), path("missing"), {}, &walker);
  EXPECT_EQ(status.error, ENOENT);
  EXPECT_FALSE(walker);
}

TEST_F(DirectoryWalkerTest, TenThousandEntriesQuickly) {
  constexpr int kDirs = 20;
  constexpr int kFilesPerDir = 500;
  for (int d = 0; d < kDirs; ++d) {
    std::string sub = path("d" + std::to_string(d));
    ASSERT_EQ(::mkdir(sub.c_str(), 0755), 0);
    for (int f = 0; f < kFilesPerDir; ++f) {
      std::string name = sub + "/f" + std::to_string(f);
      FILE* out = ::fopen(name.c_str(), "w");
      ASSERT_NE(out, nullptr);
      ::fclose(out);
    }
  }
  auto start = std::chrono::steady_clock::now();
  std::unique_ptr<DirectoryWalker> walker;
  ASSERT_TRUE(is_ok(DirectoryWalker::open(posix.get(), dir.path(), {}, &walker)));
  WalkEntry entry;
  int files = 0;
  while (walker->next(&entry)) files += entry.kind == EntryKind::kFile && entry.error == 0;
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(files, kDirs * kFilesPerDir);
  // Only the walk is timed (creating the files is most of the test); generous for a loaded
  // machine, tight enough to catch a walk that went quadratic.
  EXPECT_LT(elapsed, std::chrono::seconds(5));
}

}  // namespace
}  // namespace hoist::io

// TreeDiff: a sorted walk of a temporary directory merged with a listing served from memory in
// small pages — every path once, in byte order, with what each side has; what is filtered,
// outside the prefix or a directory marker left out; an unsorted listing or a failed page
// stopping the diff.
#include "engine/sync/tree_diff.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/temp_directory.h"

namespace hoist::sync {
namespace {

ObjectInfo object(std::string key, uint64_t size = 1) {
  ObjectInfo info;
  info.key = std::move(key);
  info.size = size;
  info.etag = "\"etag\"";
  info.last_modified = "2024-01-01T00:00:00.000Z";
  return info;
}

// A listing served `page_size` objects at a time, continuation tokens being the index of the
// next object; `fail_at_fetch` makes that fetch (0 = the first) return an error.
struct FakeListing {
  std::vector<ObjectInfo> objects;
  size_t page_size = 2;
  std::optional<size_t> fail_at_fetch;
  std::vector<std::string> tokens;  // what each fetch asked for, in order

  PageFetcher fetcher() {
    return [this](const std::string& token) -> Result<ListPage> {
      tokens.push_back(token);
      if (fail_at_fetch && tokens.size() == *fail_at_fetch + 1) {
        Error e = Error::make(ErrorKind::kService, "InternalError", "We encountered an error");
        e.http_status = 500;
        return e;
      }
      const size_t start = token.empty() ? 0 : std::stoul(token);
      ListPage page;
      for (size_t i = start; i < objects.size() && i < start + page_size; ++i) {
        page.objects.push_back(objects[i]);
      }
      if (start + page_size < objects.size()) {
        page.next_continuation_token = std::to_string(start + page_size);
      }
      return page;
    };
  }
};

// One line per entry: "relative:" then L when the local side has it (l when unreadable), R
// when the remote side has it.
std::string describe(const DiffEntry& entry) {
  std::string out = entry.relative + ":";
  if (entry.local) out += entry.local->error == 0 ? "L" : "l";
  if (entry.remote) out += "R";
  return out;
}

class TreeDiffTest : public ::testing::Test {
 protected:
  std::string root() const { return dir.path() + "/src"; }
  void write(const std::string& relative, const std::string& contents = "x") {
    dir.write_file("src/" + relative, contents);
  }

  std::unique_ptr<TreeDiff> open_diff(std::string prefix, std::vector<SyncFilter> filters = {},
                                      bool follow_symlinks = true) {
    Result<std::unique_ptr<TreeDiff>> diff =
        TreeDiff::open(io::default_env(), root(), follow_symlinks, std::move(prefix),
                       listing.fetcher(), PathFilter(filters));
    EXPECT_TRUE(diff.ok()) << (diff.ok() ? "" : diff.error().describe());
    return diff.ok() ? std::move(diff).value() : nullptr;
  }

  // Every entry until next() returns false, described.
  static std::vector<std::string> drain(TreeDiff& diff, std::vector<DiffEntry>* entries = nullptr) {
    std::vector<std::string> out;
    DiffEntry entry;
    while (diff.next(&entry)) {
      out.push_back(describe(entry));
      if (entries != nullptr) entries->push_back(entry);
    }
    return out;
  }

  test::TempDirectory dir;
  FakeListing listing;
};

using Lines = std::vector<std::string>;

TEST_F(TreeDiffTest, PairsComeOutInByteOrderWithEitherOrBothSides) {
  for (size_t page_size : {2u, 3u}) {
    SCOPED_TRACE("page size " + std::to_string(page_size));
    write("a.txt", "aaaa");
    write("b/c.txt");
    write("d.txt");
    listing = FakeListing{};
    listing.page_size = page_size;
    listing.objects = {object("p/a.txt", 4), object("p/b/c.txt"), object("p/c.txt"),
                       object("p/e.txt")};
    auto diff = open_diff("p/");
    ASSERT_NE(diff, nullptr);
    std::vector<DiffEntry> entries;
    EXPECT_EQ(drain(*diff, &entries),
              (Lines{"a.txt:LR", "b/c.txt:LR", "c.txt:R", "d.txt:L", "e.txt:R"}));
    EXPECT_FALSE(diff->error().has_value());
    EXPECT_EQ(diff->local_entries(), 3u);
    EXPECT_EQ(diff->remote_objects(), 4u);
    EXPECT_EQ(diff->excluded(), 0u);
    EXPECT_EQ(diff->skipped(), 0u);
    ASSERT_EQ(entries.size(), 5u);
    EXPECT_EQ(entries[0].local->path, root() + "/a.txt");
    EXPECT_EQ(entries[0].local->stat.size, 4u);
    EXPECT_TRUE(entries[0].local->stat.is_regular);
    EXPECT_EQ(entries[0].remote->key, "p/a.txt");
    EXPECT_EQ(entries[0].remote->size, 4u);
    EXPECT_EQ(entries[1].local->path, root() + "/b/c.txt");
    // Every page was asked for, each after the one before.
    if (page_size == 2) {
      EXPECT_EQ(listing.tokens, (Lines{"", "2"}));
    } else {
      EXPECT_EQ(listing.tokens, (Lines{"", "3"}));
    }
    std::filesystem::remove_all(root());  // the next page size starts from an empty tree
  }
}

TEST_F(TreeDiffTest, NextKeepsReturningFalseAtTheEnd) {
  write("a");
  auto diff = open_diff("");
  ASSERT_NE(diff, nullptr);
  EXPECT_EQ(drain(*diff), (Lines{"a:L"}));
  DiffEntry entry;
  EXPECT_FALSE(diff->next(&entry));
  EXPECT_FALSE(diff->error().has_value());
  EXPECT_EQ(listing.tokens, (Lines{""}));  // an empty listing is one fetch, not one per call
}

TEST_F(TreeDiffTest, PagesAreFetchedOnlyAsTheMergeReachesThem) {
  // Memory holds one page: the diff must not read the whole listing up front.
  listing.page_size = 2;
  for (const char* key : {"a", "b", "c", "d", "e", "f"}) listing.objects.push_back(object(key));
  auto diff = open_diff("");
  ASSERT_NE(diff, nullptr);
  DiffEntry entry;
  ASSERT_TRUE(diff->next(&entry));
  EXPECT_EQ(entry.relative, "a");
  EXPECT_EQ(listing.tokens.size(), 1u);
  EXPECT_EQ(drain(*diff), (Lines{"b:R", "c:R", "d:R", "e:R", "f:R"}));
  EXPECT_EQ(listing.tokens, (Lines{"", "2", "4"}));
}

TEST_F(TreeDiffTest, AnEmptyPrefixPairsWholeKeys) {
  write("a/b");
  listing.objects = {object("a/b"), object("c")};
  auto diff = open_diff("");
  ASSERT_NE(diff, nullptr);
  EXPECT_EQ(drain(*diff), (Lines{"a/b:LR", "c:R"}));
}

TEST_F(TreeDiffTest, KeysOutsideThePrefixAreIgnored) {
  write("a");
  listing.page_size = 3;
  // "p" and "p0/..." share the prefix's first letter but are not below "p/".
  listing.objects = {object("o/a"),  object("p"),  object("p/a"),
                     object("p0/a"), object("pa"), object("q/a")};
  auto diff = open_diff("p/");
  ASSERT_NE(diff, nullptr);
  EXPECT_EQ(drain(*diff), (Lines{"a:LR"}));
  EXPECT_FALSE(diff->error().has_value());
  EXPECT_EQ(diff->remote_objects(), 1u);
  EXPECT_EQ(diff->skipped(), 0u);
  EXPECT_EQ(diff->excluded(), 0u);
}

TEST_F(TreeDiffTest, DirectoryMarkersAreSkippedAndCounted) {
  write("d/f");
  listing.objects = {object("p/", 0), object("p/d/", 0), object("p/d/f", 3), object("p/e/", 0)};
  auto diff = open_diff("p/");
  ASSERT_NE(diff, nullptr);
  EXPECT_EQ(drain(*diff), (Lines{"d/f:LR"}));
  EXPECT_EQ(diff->skipped(), 3u);
  EXPECT_EQ(diff->remote_objects(), 1u);
}

TEST_F(TreeDiffTest, FiltersExcludeOnBothSidesAndAreCounted) {
  write("a.log");
  write("a.txt");
  write("sub/b.log");
  listing.objects = {object("p/a.log"), object("p/c.log"), object("p/c.txt"),
                     object("p/sub/b.log")};
  auto diff = open_diff("p/", {SyncFilter{false, "*.log"}});
  ASSERT_NE(diff, nullptr);
  EXPECT_EQ(drain(*diff), (Lines{"a.txt:L", "c.txt:R"}));
  EXPECT_EQ(diff->excluded(), 5u);  // two local logs, three remote ones
  EXPECT_EQ(diff->local_entries(), 1u);
  EXPECT_EQ(diff->remote_objects(), 1u);
}

TEST_F(TreeDiffTest, FiltersSeeThePathBelowTheRootAndThePrefix) {
  write("keep/a");
  write("skip/a");
  listing.objects = {object("p/keep/b"), object("p/skip/b")};
  // Anchored at the start: "skip/*" must match "skip/a", so neither the local root nor the
  // prefix may be part of what the filter sees.
  auto diff = open_diff("p/", {SyncFilter{false, "skip/*"}});
  ASSERT_NE(diff, nullptr);
  EXPECT_EQ(drain(*diff), (Lines{"keep/a:L", "keep/b:R"}));
  EXPECT_EQ(diff->excluded(), 2u);
}

TEST_F(TreeDiffTest, AnOutOfOrderKeyInAPageStopsTheDiff) {
  listing.page_size = 3;
  listing.objects = {object("p/a"), object("p/c"), object("p/b"), object("p/d")};
  auto diff = open_diff("p/");
  ASSERT_NE(diff, nullptr);
  EXPECT_EQ(drain(*diff), (Lines{"a:R", "c:R"}));
  ASSERT_TRUE(diff->error().has_value());
  EXPECT_EQ(diff->error()->code, "UnsortedListing");
  DiffEntry entry;
  EXPECT_FALSE(diff->next(&entry));  // stays stopped: "d" is not yielded after the error
}

TEST_F(TreeDiffTest, AnOutOfOrderKeyAcrossPagesStopsTheDiff) {
  listing.page_size = 2;
  listing.objects = {object("p/b"), object("p/c"), object("p/a")};
  auto diff = open_diff("p/");
  ASSERT_NE(diff, nullptr);
  EXPECT_EQ(drain(*diff), (Lines{"b:R", "c:R"}));
  ASSERT_TRUE(diff->error().has_value());
  EXPECT_EQ(diff->error()->code, "UnsortedListing");
}

TEST_F(TreeDiffTest, ARepeatedKeyStopsTheDiff) {
  // A key listed twice would otherwise be paired with one local file and reported extra.
  listing.objects = {object("p/a"), object("p/b"), object("p/b")};
  auto diff = open_diff("p/");
  ASSERT_NE(diff, nullptr);
  EXPECT_EQ(drain(*diff), (Lines{"a:R", "b:R"}));
  ASSERT_TRUE(diff->error().has_value());
  EXPECT_EQ(diff->error()->code, "UnsortedListing");
}

TEST_F(TreeDiffTest, AFailedFetchStopsTheDiffWithItsError) {
  write("z");
  listing.page_size = 2;
  listing.fail_at_fetch = 1;
  listing.objects = {object("p/a"), object("p/b"), object("p/c")};
  auto diff = open_diff("p/");
  ASSERT_NE(diff, nullptr);
  EXPECT_EQ(drain(*diff), (Lines{"a:R", "b:R"}));
  ASSERT_TRUE(diff->error().has_value());
  EXPECT_EQ(diff->error()->code, "InternalError");
  EXPECT_EQ(diff->error()->http_status, 500);
  DiffEntry entry;
  EXPECT_FALSE(diff->next(&entry));
  EXPECT_EQ(listing.tokens.size(), 2u);  // not retried here: retries are the fetcher's
}

TEST_F(TreeDiffTest, AFailedFirstFetchYieldsNothing) {
  write("a");
  listing.fail_at_fetch = 0;
  auto diff = open_diff("p/");
  ASSERT_NE(diff, nullptr);
  EXPECT_EQ(drain(*diff), Lines{});
  ASSERT_TRUE(diff->error().has_value());
  EXPECT_EQ(diff->error()->code, "InternalError");
}

TEST_F(TreeDiffTest, AMissingRootIsAnEmptyLocalSide) {
  listing.objects = {object("p/a"), object("p/b/c")};
  auto diff = open_diff("p/");  // root() was never created
  ASSERT_NE(diff, nullptr);
  EXPECT_EQ(drain(*diff), (Lines{"a:R", "b/c:R"}));
  EXPECT_FALSE(diff->error().has_value());
  EXPECT_EQ(diff->local_entries(), 0u);
}

TEST_F(TreeDiffTest, NamesAroundTheSlashInterleaveAsKeysSort) {
  // '-' (0x2d) < '/' (0x2f) < '0' (0x30): directory "a" sorts between "a-c" and "a0", as its
  // keys "a/..." do in a listing.
  write("a-c");
  write("a/b");
  write("a0");
  listing.objects = {object("p/a-b"), object("p/a/b"), object("p/a/c"), object("p/a0")};
  auto diff = open_diff("p/");
  ASSERT_NE(diff, nullptr);
  EXPECT_EQ(drain(*diff), (Lines{"a-b:R", "a-c:L", "a/b:LR", "a/c:R", "a0:LR"}));
  EXPECT_FALSE(diff->error().has_value());
}

TEST_F(TreeDiffTest, AnUnreadableEntryComesOutWithItsError) {
  write("a.txt");
  write("z.txt");
  ASSERT_EQ(::symlink((root() + "/nowhere").c_str(), (root() + "/link").c_str()), 0);
  listing.objects = {object("p/link")};
  auto diff = open_diff("p/");
  ASSERT_NE(diff, nullptr);
  std::vector<DiffEntry> entries;
  EXPECT_EQ(drain(*diff, &entries), (Lines{"a.txt:L", "link:lR", "z.txt:L"}));
  EXPECT_FALSE(diff->error().has_value());
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[1].local->error, ENOENT);
  EXPECT_EQ(entries[1].local->path, root() + "/link");
  EXPECT_EQ(diff->local_entries(), 3u);  // an unreadable entry counts: the source is not empty
}

TEST_F(TreeDiffTest, SymlinksNotFollowedAreSkippedAndCounted) {
  write("a.txt");
  ASSERT_EQ(::symlink("a.txt", (root() + "/link").c_str()), 0);
  auto diff = open_diff("", {}, /*follow_symlinks=*/false);
  ASSERT_NE(diff, nullptr);
  EXPECT_EQ(drain(*diff), (Lines{"a.txt:L"}));
  EXPECT_EQ(diff->skipped(), 1u);
}

TEST_F(TreeDiffTest, FollowedSymlinksAreTheirTargets) {
  write("a.txt", "abc");
  ASSERT_EQ(::symlink("a.txt", (root() + "/link").c_str()), 0);
  auto diff = open_diff("");
  ASSERT_NE(diff, nullptr);
  std::vector<DiffEntry> entries;
  EXPECT_EQ(drain(*diff, &entries), (Lines{"a.txt:L", "link:L"}));
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[1].local->stat.size, 3u);
}

TEST_F(TreeDiffTest, AnUnreadableDirectoryFailsOnlyItselfWhereverItSorts) {
  // The walk puts a directory where "d/" sorts, after "d-x" and "d.txt"; one that cannot be
  // entered (here a link back to the root, a loop) comes out there as "d" with its error. That
  // is in order for the merge, not an unsorted walk.
  write("d-x");
  write("d.txt");
  ASSERT_EQ(::symlink(root().c_str(), (root() + "/d").c_str()), 0);
  listing.objects = {object("p/d.txt"), object("p/d/x")};
  auto diff = open_diff("p/");
  ASSERT_NE(diff, nullptr);
  std::vector<DiffEntry> entries;
  EXPECT_EQ(drain(*diff, &entries), (Lines{"d-x:L", "d.txt:LR", "d:l", "d/x:R"}));
  EXPECT_FALSE(diff->error().has_value()) << diff->error()->message;
  ASSERT_EQ(entries.size(), 4u);
  EXPECT_EQ(entries[2].local->error, ELOOP);
}

}  // namespace
}  // namespace hoist::sync

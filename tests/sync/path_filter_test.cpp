// PathFilter: --exclude/--include as aws-cli applies them — every filter in order, the last match
// decides, no match includes, and '*' matches across '/' and leading dots.
#include "engine/sync/path_filter.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace hoist::sync {
namespace {

SyncFilter exclude(std::string pattern) { return SyncFilter{false, std::move(pattern)}; }
SyncFilter include(std::string pattern) { return SyncFilter{true, std::move(pattern)}; }

TEST(PathFilter, NoFiltersIncludeEverything) {
  PathFilter filter({});
  EXPECT_TRUE(filter.included("a.txt"));
  EXPECT_TRUE(filter.included("deep/down/b.log"));
  EXPECT_TRUE(filter.included(".hidden"));
  EXPECT_TRUE(filter.included(""));
}

TEST(PathFilter, ExcludeStarMatchesAtAnyDepth) {
  PathFilter filter({exclude("*.log")});
  EXPECT_FALSE(filter.included("a.log"));
  EXPECT_FALSE(filter.included("dir/a.log"));  // '*' crosses '/'
  EXPECT_FALSE(filter.included("a/b/c/d.log"));
  EXPECT_TRUE(filter.included("a.txt"));
  EXPECT_TRUE(filter.included("a.log.gz"));  // the pattern is anchored at the end
  EXPECT_TRUE(filter.included("log"));
}

TEST(PathFilter, PatternsAreAnchoredAtTheStart) {
  PathFilter filter({exclude("a*")});
  EXPECT_FALSE(filter.included("abc"));
  EXPECT_FALSE(filter.included("a/b"));
  EXPECT_TRUE(filter.included("ba"));
  EXPECT_TRUE(filter.included("dir/abc"));
}

TEST(PathFilter, ALaterIncludeReincludes) {
  PathFilter filter({exclude("*"), include("*.txt")});
  EXPECT_TRUE(filter.included("a.txt"));
  EXPECT_TRUE(filter.included("dir/b.txt"));
  EXPECT_FALSE(filter.included("a.log"));
  EXPECT_FALSE(filter.included("dir/b.bin"));
}

TEST(PathFilter, AnExcludeAfterAnIncludeWins) {
  PathFilter filter({exclude("*"), include("*.txt"), exclude("secret/*")});
  EXPECT_TRUE(filter.included("public/a.txt"));
  EXPECT_FALSE(filter.included("secret/a.txt"));
  EXPECT_FALSE(filter.included("public/a.log"));
}

TEST(PathFilter, AnIncludeThatNothingExcludedIsANoOp) {
  // Filters narrow from "everything": an include alone never excludes what it does not match.
  PathFilter filter({include("*.txt")});
  EXPECT_TRUE(filter.included("a.txt"));
  EXPECT_TRUE(filter.included("a.log"));
}

TEST(PathFilter, QuestionMarkMatchesExactlyOneCharacter) {
  PathFilter filter({exclude("file?.txt")});
  EXPECT_FALSE(filter.included("file1.txt"));
  EXPECT_FALSE(filter.included("fileX.txt"));
  EXPECT_TRUE(filter.included("file.txt"));
  EXPECT_TRUE(filter.included("file12.txt"));
}

TEST(PathFilter, QuestionMarkMatchesASlashToo) {
  PathFilter filter({exclude("a?b")});
  EXPECT_FALSE(filter.included("a/b"));
}

TEST(PathFilter, BracketClassesAndRanges) {
  PathFilter filter({exclude("data[0-9].csv"), exclude("[ab]*.bin")});
  EXPECT_FALSE(filter.included("data0.csv"));
  EXPECT_FALSE(filter.included("data9.csv"));
  EXPECT_TRUE(filter.included("dataX.csv"));
  EXPECT_TRUE(filter.included("data10.csv"));
  EXPECT_FALSE(filter.included("a.bin"));
  EXPECT_FALSE(filter.included("b/c.bin"));
  EXPECT_TRUE(filter.included("c.bin"));
}

TEST(PathFilter, NegatedBracketClass) {
  // Python's fnmatch (aws-cli) spells negation "[!...]".
  PathFilter filter({exclude("v[!0-9]*")});
  EXPECT_FALSE(filter.included("vx"));
  EXPECT_TRUE(filter.included("v1"));
}

TEST(PathFilter, DirectoryPatternsMatchEverythingBelowThatDirectoryOnly) {
  PathFilter filter({exclude("build/*")});
  EXPECT_FALSE(filter.included("build/a.o"));
  EXPECT_FALSE(filter.included("build/sub/b.o"));
  EXPECT_TRUE(filter.included("src/build/a.o"));  // anchored: not a build/ deeper down
  EXPECT_TRUE(filter.included("build.txt"));
  EXPECT_TRUE(filter.included("builder/a.o"));
}

TEST(PathFilter, DirectoryPatternsAnywhereNeedALeadingStar) {
  PathFilter filter({exclude("*/cache/*")});
  EXPECT_FALSE(filter.included("a/cache/x"));
  EXPECT_FALSE(filter.included("a/b/cache/c/x"));
  EXPECT_TRUE(filter.included("cache/x"));  // "*/" needs a '/' before "cache"
}

TEST(PathFilter, StarMatchesDotfiles) {
  PathFilter filter({exclude("*")});
  EXPECT_FALSE(filter.included(".env"));
  EXPECT_FALSE(filter.included("dir/.git/config"));
  PathFilter logs({exclude("*.log")});
  EXPECT_FALSE(logs.included(".hidden.log"));
  EXPECT_FALSE(logs.included("dir/.log"));
}

TEST(PathFilter, LiteralPatternsMatchOnlyThatPath) {
  PathFilter filter({exclude("a/b.txt")});
  EXPECT_FALSE(filter.included("a/b.txt"));
  EXPECT_TRUE(filter.included("a/b.txt2"));
  EXPECT_TRUE(filter.included("x/a/b.txt"));
}

TEST(PathFilter, MatchingIsCaseSensitive) {
  PathFilter filter({exclude("*.LOG")});
  EXPECT_FALSE(filter.included("a.LOG"));
  EXPECT_TRUE(filter.included("a.log"));
}

}  // namespace
}  // namespace hoist::sync

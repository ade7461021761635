// `hoist sync` end to end through the CLI, against each server: a second run moves nothing,
// one touched file moves one, --delete, --exclude/--include and --dryrun change exactly what
// they say, --checksum catches a same-size same-mtime edit, the state cache spares reads and
// HeadObject requests, deletions are refused for an empty source and beyond --max-delete, and
// failures (unreadable entries, a missing bucket) stop only what they concern. Interop: aws-cli
// reads what hoist syncs up, and hoist syncs down what aws-cli uploaded only once.
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/integration/cli_test_fixture.h"
#include "tests/integration/tree_snapshot.h"

namespace hoist::test {
namespace {

namespace fs = std::filesystem;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

size_t count_of(const std::string& text, const std::string& part) {
  size_t n = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

class CliSyncTest : public CliTest {
 protected:
  std::string src() { return dir_.path() + "/src"; }
  std::string url(const std::string& key = "") { return "s3://" + bucket() + "/" + key; }

  void write(const std::string& root, const std::string& relative, const std::string& bytes) {
    fs::path path = fs::path(root) / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << bytes;
  }

  // A small tree with nesting, spaces and non-ASCII names.
  std::map<std::string, std::string> make_tree(const std::string& root, int files) {
    std::map<std::string, std::string> tree;
    for (int i = 0; i < files; ++i) {
      std::string relative = (i % 3 == 0   ? "top-"
                              : i % 3 == 1 ? "sub dir/f"
                                           : "sub dir/d\xc3\xa9\x65per/g") +
                             std::to_string(i) + ".txt";
      tree[relative] = "content of " + relative + " " + std::string(static_cast<size_t>(i), 'x');
      write(root, relative, tree[relative]);
    }
    return tree;
  }

  // hoist --output json sync <args>: the summary; fails the test on a non-JSON answer.
  nlohmann::json sync_json(std::vector<std::string> args, int expected_exit = 0) {
    std::vector<std::string> full = {"--output", "json", "sync"};
    full.insert(full.end(), args.begin(), args.end());
    full.push_back("--state-dir");
    full.push_back(dir_.path() + "/state");
    CliResult r = hoist(full);
    EXPECT_EQ(r.exit_code, expected_exit) << r.err;
    auto parsed = nlohmann::json::parse(r.out, nullptr, false);
    EXPECT_FALSE(parsed.is_discarded()) << r.out;
    return parsed;
  }

  CliResult sync(std::vector<std::string> args) {
    std::vector<std::string> full = {"sync"};
    full.insert(full.end(), args.begin(), args.end());
    full.push_back("--state-dir");
    full.push_back(dir_.path() + "/state");
    return hoist(full);
  }

  std::set<std::string> keys(const std::string& prefix = "") {
    CliResult r = hoist({"ls", "--recursive", url(prefix)});
    // ls exits 1 when a prefix matches nothing, as aws-cli.
    EXPECT_EQ(r.exit_code, r.out.empty() && !prefix.empty() ? 1 : 0) << r.err;
    std::set<std::string> out;
    std::istringstream lines(r.out);
    std::string line;
    while (std::getline(lines, line)) {
      // "<date> <time> <size> <key>": the key is everything after the third field.
      size_t at = 0;
      for (int field = 0; field < 3; ++field) {
        at = line.find_first_not_of(' ', at);
        at = line.find(' ', at);
      }
      out.insert(line.substr(line.find_first_not_of(' ', at)));
    }
    return out;
  }

  CliResult aws(std::vector<std::string> args) {
    std::vector<std::string> full = {"--endpoint-url", server_->endpoint()};
    full.insert(full.end(), args.begin(), args.end());
    return run_program("/usr/bin/aws", full, server_->client_environment());
  }
};

TEST_F(CliSyncTest, SecondRunMovesNothingAndOneTouchedFileMovesOne) {
  auto tree = make_tree(src(), 30);
  auto first = sync_json({src(), url("backup")});
  EXPECT_EQ(first["objects"], 30);

  auto second = sync_json({src(), url("backup/")});
  EXPECT_EQ(second["objects"], 0);
  EXPECT_EQ(second["unchanged"], 30);
  EXPECT_EQ(second["objects_headed"], 0) << "the state cache knows every object";
  EXPECT_EQ(second["bytes_sent"], 0);

  timespec later = mtime_of(src() + "/top-0.txt");
  later.tv_sec += 10;
  set_mtime(src() + "/top-0.txt", later);
  write(src(), "sub dir/f1.txt", "grown by a few bytes");
  tree["sub dir/f1.txt"] = "grown by a few bytes";
  auto third = sync_json({src(), url("backup")});
  EXPECT_EQ(third["objects"], 2);
  EXPECT_EQ(third["unchanged"], 28);

  // And back down: the tree arrives whole, with the source's mtimes, and a second download
  // moves nothing.
  const std::string down = dir_.path() + "/down";
  auto got = sync_json({url("backup"), down});
  EXPECT_EQ(got["objects"], 30);
  EXPECT_EQ(tree_differences(tree, tree_contents(down)), "");
  EXPECT_EQ(mtime_of(down + "/top-0.txt").tv_sec, later.tv_sec);
  EXPECT_EQ(mtime_of(down + "/top-0.txt").tv_nsec, later.tv_nsec);
  auto again = sync_json({url("backup"), down});
  EXPECT_EQ(again["objects"], 0);
  EXPECT_EQ(again["unchanged"], 30);
}

TEST_F(CliSyncTest, WithoutTheStateCacheItAsksEachObjectAndStillMovesNothing) {
  make_tree(src(), 12);
  ASSERT_EQ(sync_json({src(), url("p"), "--no-state-cache"})["objects"], 12);
  auto second = sync_json({src(), url("p"), "--no-state-cache"});
  EXPECT_EQ(second["objects"], 0);
  EXPECT_EQ(second["unchanged"], 12);
  EXPECT_EQ(second["objects_headed"], 12);
  // A sync with the cache on learns what it asks, so the run after it asks nothing.
  EXPECT_EQ(sync_json({src(), url("p")})["objects_headed"], 12);
  EXPECT_EQ(sync_json({src(), url("p")})["objects_headed"], 0);
}

TEST_F(CliSyncTest, DeleteRemovesExactlyWhatTheSourceLacksAndDryrunChangesNothing) {
  make_tree(src(), 9);
  ASSERT_EQ(sync_json({src(), url("p")})["objects"], 9);
  fs::remove(src() + "/top-0.txt");
  fs::remove(src() + "/sub dir/f1.txt");
  const auto before = keys();

  CliResult dry = sync({src(), url("p"), "--delete", "--dryrun"});
  EXPECT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_EQ(count_of(dry.out, "(dryrun) delete: "), 2u) << dry.out;
  EXPECT_TRUE(contains(dry.out, "(dryrun) delete: " + url("p/top-0.txt"))) << dry.out;
  EXPECT_EQ(keys(), before);

  CliResult real = sync({src(), url("p"), "--delete"});
  EXPECT_EQ(real.exit_code, 0) << real.err;
  EXPECT_EQ(count_of(real.out, "delete: "), 2u) << real.out;
  auto after = keys();
  EXPECT_EQ(after.size(), 7u);
  EXPECT_FALSE(after.contains("p/top-0.txt"));
  EXPECT_FALSE(after.contains("p/sub dir/f1.txt"));

  // Downloads: a local file the prefix lacks goes; everything else stays.
  const std::string down = dir_.path() + "/down";
  ASSERT_EQ(sync_json({url("p"), down})["objects"], 7);
  write(down, "local-only.txt", "x");
  CliResult dry_down = sync({url("p"), down, "--delete", "--dryrun"});
  EXPECT_TRUE(contains(dry_down.out, "(dryrun) delete: " + down + "/local-only.txt"))
      << dry_down.out;
  EXPECT_TRUE(fs::exists(down + "/local-only.txt"));
  auto removed = sync_json({url("p"), down, "--delete"});
  EXPECT_EQ(removed["deleted"], 1);
  EXPECT_FALSE(fs::exists(down + "/local-only.txt"));
  EXPECT_EQ(tree_contents(down).size(), 7u);
}

TEST_F(CliSyncTest, DryrunUploadsNothing) {
  make_tree(src(), 5);
  CliResult dry = sync({src(), url("p"), "--dryrun"});
  EXPECT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_EQ(count_of(dry.out, "(dryrun) upload: "), 5u) << dry.out;
  EXPECT_TRUE(keys().empty());
}

TEST_F(CliSyncTest, LaterFiltersWinAndExcludedObjectsAreNotDeleted) {
  write(src(), "a.log", "a");
  write(src(), "b.txt", "b");
  write(src(), "keep.log", "k");
  write(src(), "sub/c.log", "c");
  CliResult r = sync({src(), url("p"), "--exclude", "*.log", "--include", "keep.log"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(keys(), (std::set<std::string>{"p/b.txt", "p/keep.log"}));

  // An object the filters exclude is left alone by --delete, as aws-cli does.
  CliResult put = hoist({"cp", src() + "/sub/c.log", url("p/old.log")});
  ASSERT_EQ(put.exit_code, 0) << put.err;
  fs::remove(src() + "/b.txt");
  CliResult del =
      sync({src(), url("p"), "--delete", "--exclude", "*.log", "--include", "keep.log"});
  EXPECT_EQ(del.exit_code, 0) << del.err;
  EXPECT_EQ(keys(), (std::set<std::string>{"p/keep.log", "p/old.log"}));

  // The order matters: an --exclude after the --include wins.
  CliResult reversed = sync({src(), url("q"), "--include", "keep.log", "--exclude", "*.log"});
  EXPECT_EQ(reversed.exit_code, 0) << reversed.err;
  EXPECT_TRUE(keys("q/").empty());
}

TEST_F(CliSyncTest, ChecksumCatchesASameSizeSameMtimeEdit) {
  write(src(), "data.bin", "original content 1234");
  ASSERT_EQ(sync_json({src(), url("p")})["objects"], 1);
  const timespec mtime = mtime_of(src() + "/data.bin");
  write(src(), "data.bin", "modified content 1234");  // same size
  set_mtime(src() + "/data.bin", mtime);

  EXPECT_EQ(sync_json({src(), url("p")})["objects"], 0) << "size and mtime cannot see it";
  auto checked = sync_json({src(), url("p"), "--checksum"});
  EXPECT_EQ(checked["objects"], 1);
  auto again = sync_json({src(), url("p"), "--checksum"});
  EXPECT_EQ(again["objects"], 0);
  EXPECT_EQ(again["files_hashed"], 0) << "the cache holds the file's checksum";

  const std::string down = dir_.path() + "/down";
  ASSERT_EQ(sync_json({url("p"), down})["objects"], 1);
  EXPECT_EQ(file_bytes(down + "/data.bin"), "modified content 1234");
}

TEST_F(CliSyncTest, SizeOnlyIgnoresMtimes) {
  write(src(), "a.txt", "aaaa");
  ASSERT_EQ(sync_json({src(), url("p")})["objects"], 1);
  timespec later = mtime_of(src() + "/a.txt");
  later.tv_sec += 100;
  set_mtime(src() + "/a.txt", later);
  EXPECT_EQ(sync_json({src(), url("p"), "--size-only"})["objects"], 0);
  EXPECT_EQ(sync_json({src(), url("p")})["objects"], 1);
}

TEST_F(CliSyncTest, AnEmptyOrMissingSourceDeletesNothingUnlessAllowed) {
  make_tree(src(), 4);
  ASSERT_EQ(sync_json({src(), url("p")})["objects"], 4);
  const std::string empty = dir_.path() + "/empty";
  fs::create_directories(empty);

  CliResult refused = sync({empty, url("p"), "--delete"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_TRUE(contains(refused.err, "--allow-empty-source")) << refused.err;
  EXPECT_EQ(keys().size(), 4u);

  CliResult missing = sync({dir_.path() + "/not-mounted", url("p"), "--delete"});
  EXPECT_EQ(missing.exit_code, 255);  // as aws-cli: the source path does not exist
  EXPECT_TRUE(contains(missing.err, "not-mounted")) << missing.err;
  EXPECT_EQ(keys().size(), 4u);

  // Downloading from an empty prefix must not wipe the local tree either.
  CliResult empty_prefix = sync({url("nothing-here"), src(), "--delete"});
  EXPECT_EQ(empty_prefix.exit_code, 1);
  EXPECT_EQ(tree_contents(src()).size(), 4u);

  auto allowed = sync_json({empty, url("p"), "--delete", "--allow-empty-source"});
  EXPECT_EQ(allowed["deleted"], 4);
  EXPECT_TRUE(keys().empty());
}

TEST_F(CliSyncTest, MaxDeleteRefusesEveryDeletionBeyondTheLimit) {
  make_tree(src(), 6);
  ASSERT_EQ(sync_json({src(), url("p")})["objects"], 6);
  for (const char* gone : {"top-0.txt", "top-3.txt", "sub dir/f1.txt"}) {
    fs::remove(src() + "/" + gone);
  }
  CliResult over = sync({src(), url("p"), "--delete", "--max-delete", "2"});
  EXPECT_EQ(over.exit_code, 1);
  EXPECT_TRUE(contains(over.err, "--max-delete 2")) << over.err;
  EXPECT_EQ(keys().size(), 6u);
  auto within = sync_json({src(), url("p"), "--delete", "--max-delete", "3"});
  EXPECT_EQ(within["deleted"], 3);
  EXPECT_EQ(keys().size(), 3u);
}

TEST_F(CliSyncTest, AnUnreadableEntryFailsOnlyItselfAndItsObjectIsKept) {
  write(src(), "ok.txt", "fine");
  write(src(), "link", "was a file");
  ASSERT_EQ(sync_json({src(), url("p")})["objects"], 2);
  fs::remove(src() + "/link");
  fs::create_symlink(src() + "/nowhere", src() + "/link");  // dangling: cannot be read
  write(src(), "new.txt", "new");

  CliResult r = sync({src(), url("p"), "--delete"});
  EXPECT_EQ(r.exit_code, 2);                        // skipped with a warning, as aws-cli
  EXPECT_EQ(count_of(r.err, "link"), 1u) << r.err;  // one line, naming the entry
  EXPECT_TRUE(contains(r.err, "warning: skipping " + src() + "/link: ")) << r.err;
  EXPECT_TRUE(contains(r.out, "upload: " + src() + "/new.txt")) << r.out;
  EXPECT_EQ(keys(), (std::set<std::string>{"p/link", "p/new.txt", "p/ok.txt"}));
}

// A directory that cannot be entered hides its contents, it does not delete them: here a
// symlink loop stands in for a directory without permission (which root could still read).
TEST_F(CliSyncTest, AnUnreadableDirectoryKeepsEverythingBelowIt) {
  if (!test_server_lists_keys_in_byte_order()) {
    GTEST_SKIP() << "the server lists 'd/...' before 'd.txt', which sync refuses";
  }
  write(src(), "d/one.txt", "1");
  write(src(), "d/two.txt", "2");
  write(src(), "d.txt", "sorts before d/");
  ASSERT_EQ(sync_json({src(), url("p")})["objects"], 3);
  fs::remove_all(src() + "/d");
  fs::create_directory_symlink(src(), src() + "/d");  // d -> its own parent: ELOOP

  CliResult r = sync({src(), url("p"), "--delete"});
  EXPECT_EQ(r.exit_code, 2) << r.err;  // skipped with a warning, as aws-cli
  EXPECT_EQ(count_of(r.err, src() + "/d:"), 1u) << r.err;
  EXPECT_EQ(count_of(r.out, "delete: "), 0u) << r.out;
  EXPECT_EQ(keys(), (std::set<std::string>{"p/d.txt", "p/d/one.txt", "p/d/two.txt"}));
}

TEST_F(CliSyncTest, AMissingBucketIsOneClearErrorAndTouchesNothingLocal) {
  make_tree(src(), 3);
  CliResult up = sync({src(), "s3://no-such-bucket-" + std::to_string(::getpid()) + "/p"});
  EXPECT_EQ(up.exit_code, 1);
  EXPECT_TRUE(contains(up.err, "NoSuchBucket")) << up.err;
  EXPECT_EQ(std::count(up.err.begin(), up.err.end(), '\n'), 1) << up.err;

  CliResult down =
      sync({"s3://no-such-bucket-" + std::to_string(::getpid()) + "/p", src(), "--delete"});
  EXPECT_EQ(down.exit_code, 1);
  EXPECT_TRUE(contains(down.err, "NoSuchBucket")) << down.err;
  EXPECT_EQ(tree_contents(src()).size(), 3u);
}

TEST_F(CliSyncTest, CredentialsTheServerRefusesAreOneClearErrorAndDeleteNothing) {
  if (!test_server_checks_signatures()) GTEST_SKIP() << "the server accepts any secret key";
  make_tree(src(), 3);
  ASSERT_EQ(sync_json({src(), url("p")})["objects"], 3);
  const std::map<std::string, std::string> wrong = {{"AWS_SECRET_ACCESS_KEY", "not-the-secret"}};
  CliResult up =
      hoist({"sync", src(), url("p"), "--delete", "--state-dir", dir_.path() + "/s"}, wrong);
  EXPECT_EQ(up.exit_code, 1);
  EXPECT_EQ(std::count(up.err.begin(), up.err.end(), '\n'), 1) << up.err;
  const std::string down = dir_.path() + "/down";
  write(down, "mine.txt", "local");
  CliResult back =
      hoist({"sync", url("p"), down, "--delete", "--state-dir", dir_.path() + "/s"}, wrong);
  EXPECT_EQ(back.exit_code, 1);
  EXPECT_TRUE(fs::exists(down + "/mine.txt"));
  EXPECT_EQ(keys().size(), 3u);
}

// A file that disappears after the walk saw it and before it was read fails alone: the rest
// is uploaded, and its object (from an earlier sync) is not deleted. The bandwidth cap and a
// single request in flight hold the upload back long enough to remove the file meanwhile.
TEST_F(CliSyncTest, AFileVanishingMidSyncFailsOnlyItself) {
  for (int i = 0; i < 12; ++i) {
    write(src(), "f" + std::to_string(10 + i) + ".bin", test::xorshift_bytes(32 << 10, i));
  }
  ASSERT_EQ(sync_json({src(), url("p")})["objects"], 12);
  for (int i = 0; i < 12; ++i) {  // all grown by a byte: every file is due again
    write(src(), "f" + std::to_string(10 + i) + ".bin",
          test::xorshift_bytes((32 << 10) + 1, 100 + i));
  }
  CliResult result;
  std::thread sync_thread([&] {
    result = sync({src(), url("p"), "--delete", "--bwlimit", "64K", "--concurrency", "1",
                   "--max-memory", "16MiB"});
  });
  // Once the first new object is in (listed with its new size), the walk is long over and
  // the last file not yet read.
  const std::string new_size = " " + std::to_string((32 << 10) + 1) + " ";
  for (int tries = 0; tries < 2000; ++tries) {
    if (contains(hoist({"ls", url("p/f10.bin")}).out, new_size)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  fs::remove(src() + "/f21.bin");
  sync_thread.join();
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_TRUE(count_of(result.err, "f21.bin") > 0) << result.err;
  EXPECT_EQ(count_of(result.out, "upload: "), 11u) << result.out;
  EXPECT_EQ(count_of(result.out, "delete: "), 0u) << result.out;
  EXPECT_TRUE(keys().contains("p/f21.bin"));
}

TEST_F(CliSyncTest, AwsCliReadsWhatSyncUploadsAndWhatItUploadsSyncsDownOnce) {
  auto tree = make_tree(src(), 10);
  ASSERT_EQ(sync_json({src(), url("mine")})["objects"], 10);
  const std::string theirs = dir_.path() + "/aws-down";
  CliResult fetched = aws({"s3", "sync", url("mine"), theirs});
  ASSERT_EQ(fetched.exit_code, 0) << fetched.err;
  EXPECT_EQ(tree_differences(tree, tree_contents(theirs)), "");

  CliResult uploaded = aws({"s3", "cp", "--recursive", src(), url("theirs")});
  ASSERT_EQ(uploaded.exit_code, 0) << uploaded.err;
  const std::string down = dir_.path() + "/hoist-down";
  ASSERT_EQ(sync_json({url("theirs"), down})["objects"], 10);
  EXPECT_EQ(tree_differences(tree, tree_contents(down)), "");
  auto second = sync_json({url("theirs"), down});
  EXPECT_EQ(second["objects"], 0);
  auto uncached = sync_json({url("theirs"), down, "--no-state-cache"});
  EXPECT_EQ(uncached["objects"], 0) << "files carry the objects' LastModified";
  auto exact = sync_json({url("theirs"), down, "--no-state-cache", "--exact-timestamps"});
  EXPECT_EQ(exact["objects"], 0);
}

// The state cache at scale: a re-sync of an unchanged tree reads no file, asks for no object,
// and sends nothing.
TEST_F(CliSyncTest, NoChangeResyncOfTwoThousandFilesReadsAndAsksNothing) {
  for (int i = 0; i < 2000; ++i) {
    write(src(), "d" + std::to_string(i % 20) + "/f" + std::to_string(i), std::to_string(i));
  }
  ASSERT_EQ(sync_json({src(), url("p"), "--checksum"})["objects"], 2000);
  auto second = sync_json({src(), url("p"), "--checksum"});
  EXPECT_EQ(second["objects"], 0);
  EXPECT_EQ(second["unchanged"], 2000);
  EXPECT_EQ(second["files_hashed"], 0);
  EXPECT_EQ(second["objects_headed"], 0);
  EXPECT_EQ(second["bytes_sent"], 0);
}

TEST_F(CliSyncTest, BadFlagsAreRefusedBeforeAnythingMoves) {
  make_tree(src(), 2);
  CliResult both = sync({src(), url("p"), "--size-only", "--checksum"});
  EXPECT_EQ(both.exit_code, 252) << both.err;
  CliResult local = sync({src(), dir_.path() + "/elsewhere"});
  EXPECT_NE(local.exit_code, 0);
  EXPECT_TRUE(contains(local.err, "s3://")) << local.err;
  CliResult file = sync({src() + "/top-0.txt", url("p")});
  EXPECT_EQ(file.exit_code, 255);
  EXPECT_TRUE(contains(file.err, "not a directory")) << file.err;
  EXPECT_TRUE(keys().empty());
}

}  // namespace
}  // namespace hoist::test

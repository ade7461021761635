// Differential tests against aws-cli: the same command forms run through `aws s3` and `hoist`
// against one `hoist serve`, each in a fresh bucket seeded alike, and the resulting keys, local
// trees, exit codes and (for ls and dry runs) output lines must agree. aws-cli is the
// reference for what users' scripts expect.
//
// The bucket every prefix case uses holds "p/...", "px..." and "p2/...": a recursive verb
// given "p" or "p/" must act on the folder "p/" only, while `ls` lists by the raw prefix.
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/integration/cli_test_fixture.h"
#include "tests/integration/tree_snapshot.h"

namespace hoist::test {
namespace {

namespace fs = std::filesystem;

// Keys of the prefix cases: "p" names the folder "p/"; "px.txt" and "p2/keep.txt" share its
// first letters and must never be touched through it.
const std::vector<std::string> kPrefixKeys = {"p/a.txt", "p/sub/b.txt", "px.txt", "p2/keep.txt"};
const std::set<std::string> kFolderP = {"p/a.txt", "p/sub/b.txt"};

// Names with spaces, unicode and the characters URLs and globs treat specially.
const std::vector<std::string> kAwkwardNames = {
    "with space.txt", "ünïcødé/日本.txt",      "plus+sign.txt",  "per%25cent.txt",
    "hash#.txt",      "question?.txt",         "br[ack]ets.txt", "amp&eq=.txt",
    "quote'.txt",     "dir with space/x y.txt"};

class CliParityTest : public CliTest {
 protected:
  // aws --endpoint-url <server> s3 <args...>
  CliResult aws(std::vector<std::string> args) {
    std::vector<std::string> full = {"--endpoint-url", server_->endpoint(), "s3"};
    full.insert(full.end(), args.begin(), args.end());
    return run_program("/usr/bin/aws", full, server_->client_environment());
  }

  // aws --endpoint-url <server> s3api <args...>
  CliResult s3api(std::vector<std::string> args) {
    std::vector<std::string> full = {"--endpoint-url", server_->endpoint(), "s3api"};
    full.insert(full.end(), args.begin(), args.end());
    return run_program("/usr/bin/aws", full, server_->client_environment());
  }

  // A new empty bucket (each side of a comparison that changes the bucket gets its own).
  std::string fresh_bucket() {
    const std::string name = "par-" + std::to_string(counter_++) + "-" + std::to_string(::getpid());
    CliResult made = hoist({"mb", "s3://" + name});
    EXPECT_EQ(made.exit_code, 0) << made.err;
    return name;
  }

  // Writes `relative` paths below `root`, each file holding its own path.
  static void write_tree(const std::string& root, const std::vector<std::string>& relative) {
    for (const std::string& path : relative) {
      const fs::path file = fs::path(root) / path;
      fs::create_directories(file.parent_path());
      std::ofstream(file, std::ios::binary) << "content of " << path;
    }
  }

  // A bucket holding `keys`, each object holding its own key (uploaded with aws-cli, so that
  // hoist reads what another client wrote).
  std::string seeded_bucket(const std::vector<std::string>& keys) {
    const std::string name = fresh_bucket();
    const std::string tree = dir_.path() + "/seed-" + name;
    write_tree(tree, keys);
    CliResult up = aws({"cp", "--recursive", "--only-show-errors", tree, "s3://" + name});
    EXPECT_EQ(up.exit_code, 0) << up.err;
    return name;
  }

  // Every key in `bucket`, as aws-cli's list-objects-v2 sees it.
  std::set<std::string> keys_of(const std::string& bucket) {
    CliResult r = s3api({"list-objects-v2", "--bucket", bucket, "--output", "json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::set<std::string> keys;
    if (r.out.empty()) return keys;
    const nlohmann::json listed = nlohmann::json::parse(r.out);
    for (const auto& object : listed.value("Contents", nlohmann::json::array())) {
      keys.insert(object["Key"].get<std::string>());
    }
    return keys;
  }

  // A small local file for uploads whose content does not matter.
  std::string tree_file() {
    const std::string path = dir_.path() + "/small.txt";
    if (!fs::exists(path)) std::ofstream(path) << "small";
    return path;
  }

  // The keys named by output lines "<marker>s3://<bucket>/<key>..." (e.g. "(dryrun) delete: ").
  static std::set<std::string> keys_in_lines(const std::string& out, const std::string& marker,
                                             const std::string& bucket) {
    std::set<std::string> keys;
    std::istringstream lines(out);
    const std::string start = marker + "s3://" + bucket + "/";
    for (std::string line; std::getline(lines, line);) {
      const auto at = line.find(start);
      if (at == std::string::npos) continue;
      std::string key = line.substr(at + start.size());
      const auto to = key.find(" to ");  // "download: s3://b/k to path"
      if (to != std::string::npos) key.resize(to);
      keys.insert(key);
    }
    return keys;
  }

  // A local path as aws-cli prints it in "upload:"/"download:" lines: relative to the working
  // directory (hoist prints the path as it was given).
  static std::string as_aws_prints(const std::string& path) {
    return fs::path(path).lexically_relative(fs::current_path()).string();
  }

  // The lines of `out` that start with `marker`, with each `from` replaced by its `to` (so
  // that each client's own destination directory or bucket reads the same), sorted: both
  // clients transfer in parallel and print in completion order.
  using Replacements = std::vector<std::pair<std::string, std::string>>;
  static std::vector<std::string> lines_starting(const std::string& out, const std::string& marker,
                                                 const Replacements& replacements) {
    std::vector<std::string> found;
    std::istringstream lines(out);
    for (std::string line; std::getline(lines, line);) {
      // aws-cli pads lines to erase its progress text.
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
      const auto at = line.rfind(marker);  // aws-cli may put progress text before it
      if (at == std::string::npos) continue;
      line = line.substr(at);
      for (const auto& [from, to] : replacements) {
        for (auto pos = line.find(from); pos != std::string::npos; pos = line.find(from, pos)) {
          line.replace(pos, from.size(), to);
          pos += to.size();
        }
      }
      found.push_back(line);
    }
    std::sort(found.begin(), found.end());
    return found;
  }
};

// The bug that lost data: `rm --recursive s3://b/p` must not delete "px.txt" or "p2/...".
TEST_F(CliParityTest, RmRecursiveDeletesOnlyTheFolderThePrefixNames) {
  const std::string shared = seeded_bucket(kPrefixKeys);
  for (const std::string prefix : {"p", "p/"}) {
    SCOPED_TRACE("prefix " + prefix);
    const std::string url = "s3://" + shared + "/" + prefix;
    CliResult ours = hoist({"rm", "--recursive", "--dryrun", url});
    CliResult theirs = aws({"rm", "--recursive", "--dryrun", url});
    EXPECT_EQ(ours.exit_code, theirs.exit_code) << ours.err << theirs.err;
    EXPECT_EQ(keys_in_lines(ours.out, "(dryrun) delete: ", shared),
              keys_in_lines(theirs.out, "(dryrun) delete: ", shared))
        << ours.out << "---\n"
        << theirs.out;
    EXPECT_EQ(keys_in_lines(ours.out, "(dryrun) delete: ", shared), kFolderP) << ours.out;

    const std::string mine = seeded_bucket(kPrefixKeys);
    const std::string reference = seeded_bucket(kPrefixKeys);
    ours = hoist({"rm", "--recursive", "s3://" + mine + "/" + prefix});
    theirs = aws({"rm", "--recursive", "s3://" + reference + "/" + prefix});
    EXPECT_EQ(ours.exit_code, 0) << ours.err;
    EXPECT_EQ(ours.exit_code, theirs.exit_code) << theirs.err;
    EXPECT_EQ(keys_of(mine), keys_of(reference));
    EXPECT_EQ(keys_of(mine), (std::set<std::string>{"px.txt", "p2/keep.txt"}));
  }
  EXPECT_EQ(keys_of(shared).size(), kPrefixKeys.size()) << "a dry run deleted something";
}

// aws-cli has no --uploads; hoist reads its prefix as rm -r does, and ls --uploads shows
// exactly what rm --uploads would abort.
TEST_F(CliParityTest, UploadsUnderAPrefixAreThoseOfItsFolder) {
  const std::string b = fresh_bucket();
  for (const std::string key : {"p/u", "px-u", "p2/u"}) {
    CliResult started = s3api({"create-multipart-upload", "--bucket", b, "--key", key});
    ASSERT_EQ(started.exit_code, 0) << started.err;
  }
  auto upload_keys = [&](const std::string& prefix) {
    CliResult ls = hoist({"--output", "json", "ls", "--uploads", "s3://" + b + "/" + prefix});
    EXPECT_EQ(ls.exit_code, 0) << ls.err;
    std::set<std::string> keys;
    for (const auto& u : nlohmann::json::parse(ls.out)) keys.insert(u["key"].get<std::string>());
    return keys;
  };
  EXPECT_EQ(upload_keys("p"), (std::set<std::string>{"p/u"}));
  EXPECT_EQ(upload_keys("p/"), (std::set<std::string>{"p/u"}));

  CliResult dry = hoist({"rm", "--uploads", "--dryrun", "s3://" + b + "/p"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("(dryrun) abort: s3://" + b + "/p/u "), std::string::npos) << dry.out;
  EXPECT_EQ(dry.out.find("px-u"), std::string::npos) << dry.out;
  EXPECT_EQ(dry.out.find("p2/u"), std::string::npos) << dry.out;

  CliResult rm = hoist({"rm", "--uploads", "s3://" + b + "/p"});
  ASSERT_EQ(rm.exit_code, 0) << rm.err;
  EXPECT_EQ(upload_keys(""), (std::set<std::string>{"px-u", "p2/u"}));
}

TEST_F(CliParityTest, RecursiveDownloadReadsThePrefixAsAFolder) {
  const std::string b = seeded_bucket(kPrefixKeys);
  for (const std::string prefix : {"p", "p/"}) {
    SCOPED_TRACE("prefix " + prefix);
    const std::string url = "s3://" + b + "/" + prefix;
    const std::string mine = dir_.path() + "/hoist-cp-" + std::to_string(prefix.size());
    const std::string reference = dir_.path() + "/aws-cp-" + std::to_string(prefix.size());
    CliResult ours = hoist({"cp", "--recursive", url, mine});
    CliResult theirs = aws({"cp", "--recursive", url, reference});
    EXPECT_EQ(ours.exit_code, 0) << ours.err;
    EXPECT_EQ(ours.exit_code, theirs.exit_code) << theirs.err;
    EXPECT_EQ(tree_differences(tree_contents(reference), tree_contents(mine)), "");
    EXPECT_EQ(tree_contents(mine).size(), 2u);
  }
}

// "download: s3://b/p/a.txt to out/a.txt", one slash, whether or not the destination ends in
// one; a missing destination directory is created.
TEST_F(CliParityTest, DownloadLinesNameTheFileAsAwsCliDoes) {
  const std::string b = seeded_bucket(kPrefixKeys);
  for (const std::string slash : {"", "/"}) {
    SCOPED_TRACE("destination ending '" + slash + "'");
    const std::string mine = dir_.path() + "/mine" + std::to_string(slash.size());
    const std::string reference = dir_.path() + "/ref" + std::to_string(slash.size());
    CliResult ours = hoist({"cp", "--recursive", "s3://" + b + "/p", mine + slash});
    CliResult theirs = aws({"cp", "--recursive", "s3://" + b + "/p", reference + slash});
    ASSERT_EQ(ours.exit_code, 0) << ours.err;
    EXPECT_EQ(lines_starting(ours.out, "download: ", {{mine, "DEST"}}),
              lines_starting(theirs.out, "download: ", {{as_aws_prints(reference), "DEST"}}))
        << ours.out << "---\n"
        << theirs.out;

    // One object into a directory that does not exist yet.
    ours = hoist({"cp", "s3://" + b + "/px.txt", mine + "-new/"});
    theirs = aws({"cp", "s3://" + b + "/px.txt", reference + "-new/"});
    EXPECT_EQ(ours.exit_code, 0) << ours.err;
    EXPECT_EQ(ours.exit_code, theirs.exit_code) << theirs.err;
    EXPECT_EQ(read_file(mine + "-new/px.txt"), "content of px.txt");
    EXPECT_EQ(lines_starting(ours.out, "download: ", {{mine, "DEST"}}),
              lines_starting(theirs.out, "download: ", {{as_aws_prints(reference), "DEST"}}));
  }
}

// What the S3 console's "Create folder" makes: an empty object "fm/". aws-cli skips it (and
// any empty "dir/" object) on downloads; so does hoist.
TEST_F(CliParityTest, FolderMarkersAreSkippedOnDownload) {
  const std::string b = seeded_bucket({"fm/a.txt", "fm/sub/b.txt"});
  for (const std::string key : {"fm/", "fm/sub/"}) {
    CliResult put = s3api({"put-object", "--bucket", b, "--key", key});
    ASSERT_EQ(put.exit_code, 0) << put.err;
  }
  for (const std::string prefix : {"fm/", "fm"}) {
    SCOPED_TRACE("prefix " + prefix);
    const std::string mine = dir_.path() + "/mine" + std::to_string(prefix.size());
    const std::string reference = dir_.path() + "/ref" + std::to_string(prefix.size());
    CliResult ours = hoist({"cp", "--recursive", "s3://" + b + "/" + prefix, mine});
    CliResult theirs = aws({"cp", "--recursive", "s3://" + b + "/" + prefix, reference});
    EXPECT_EQ(ours.exit_code, 0) << ours.err;
    EXPECT_EQ(ours.exit_code, theirs.exit_code) << theirs.err;
    EXPECT_EQ(tree_differences(tree_contents(reference), tree_contents(mine)), "");
    EXPECT_EQ(tree_contents(mine).size(), 2u);
  }
}

TEST_F(CliParityTest, RecursiveUploadNamesKeysAsAwsCli) {
  const std::string tree = dir_.path() + "/tree";
  write_tree(tree, {"a.txt", "sub/b.txt", "sub/deeper/c.txt"});
  for (const std::string prefix : {"", "p", "p/", "p/q"}) {
    SCOPED_TRACE("prefix '" + prefix + "'");
    const std::string mine = fresh_bucket();
    const std::string reference = fresh_bucket();
    CliResult ours = hoist({"cp", "--recursive", tree, "s3://" + mine + "/" + prefix});
    CliResult theirs = aws({"cp", "--recursive", tree, "s3://" + reference + "/" + prefix});
    EXPECT_EQ(ours.exit_code, 0) << ours.err;
    EXPECT_EQ(ours.exit_code, theirs.exit_code) << theirs.err;
    EXPECT_EQ(keys_of(mine), keys_of(reference));
    EXPECT_EQ(lines_starting(ours.out, "upload: ", {{tree, "TREE"}, {mine, "BUCKET"}}),
              lines_starting(theirs.out,
                             "upload: ", {{as_aws_prints(tree), "TREE"}, {reference, "BUCKET"}}));
  }
}

TEST_F(CliParityTest, SyncTouchesOnlyTheFolderThePrefixNames) {
  const std::string local = dir_.path() + "/local";
  write_tree(local, {"a.txt", "new.txt"});
  for (const std::string prefix : {"p", "p/"}) {
    SCOPED_TRACE("prefix " + prefix);
    const std::string mine = seeded_bucket(kPrefixKeys);
    const std::string reference = seeded_bucket(kPrefixKeys);
    CliResult ours = hoist({"sync", local, "s3://" + mine + "/" + prefix, "--delete"});
    CliResult theirs = aws({"sync", local, "s3://" + reference + "/" + prefix, "--delete"});
    EXPECT_EQ(ours.exit_code, 0) << ours.err;
    EXPECT_EQ(ours.exit_code, theirs.exit_code) << theirs.err;
    EXPECT_EQ(keys_of(mine), keys_of(reference));
    EXPECT_EQ(keys_of(mine),
              (std::set<std::string>{"p/a.txt", "p/new.txt", "px.txt", "p2/keep.txt"}));

    const std::string down_mine = dir_.path() + "/sync-mine" + std::to_string(prefix.size());
    const std::string down_ref = dir_.path() + "/sync-ref" + std::to_string(prefix.size());
    ours = hoist({"sync", "s3://" + mine + "/" + prefix, down_mine});
    theirs = aws({"sync", "s3://" + reference + "/" + prefix, down_ref});
    EXPECT_EQ(ours.exit_code, 0) << ours.err;
    EXPECT_EQ(ours.exit_code, theirs.exit_code) << theirs.err;
    EXPECT_EQ(tree_differences(tree_contents(down_ref), tree_contents(down_mine)), "");
  }
}

// aws-cli has no verify: the reference is what `aws s3 cp --recursive` brings down.
TEST_F(CliParityTest, VerifyComparesOnlyTheFolderThePrefixNames) {
  const std::string b = seeded_bucket(kPrefixKeys);
  const std::string copy = dir_.path() + "/copy";
  CliResult down = aws({"cp", "--recursive", "--only-show-errors", "s3://" + b + "/p", copy});
  ASSERT_EQ(down.exit_code, 0) << down.err;
  for (const std::string prefix : {"p", "p/"}) {
    SCOPED_TRACE("prefix " + prefix);
    CliResult verified =
        hoist({"--output", "json", "verify", copy, "s3://" + b + "/" + prefix, "--download"});
    EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
    EXPECT_EQ(verified.out.find("px.txt"), std::string::npos) << verified.out;
    EXPECT_EQ(verified.out.find("keep.txt"), std::string::npos) << verified.out;
  }
}

// ls lists by the raw prefix, as aws-cli: "p" shows "p/" as a PRE line and "px.txt" beside it.
TEST_F(CliParityTest, LsPrintsWhatAwsCliPrints) {
  const std::string b = seeded_bucket(kPrefixKeys);
  const std::vector<std::vector<std::string>> forms = {
      {"ls", "s3://" + b},
      {"ls", "s3://" + b + "/"},
      {"ls", "s3://" + b + "/p"},
      {"ls", "s3://" + b + "/p/"},
      {"ls", "s3://" + b + "/p/sub"},
      {"ls", "--recursive", "s3://" + b + "/p"},
      {"ls", "--recursive", "s3://" + b},
      {"ls", "--recursive", "--human-readable", "--summarize", "s3://" + b + "/p"},
      {"ls", "s3://" + b + "/missing"},
      {"ls", "--recursive", "s3://" + b + "/missing/"},
  };
  for (const auto& form : forms) {
    std::string joined;
    for (const auto& word : form) joined += word + " ";
    SCOPED_TRACE(joined);
    CliResult ours = hoist(form);
    CliResult theirs = aws(form);
    EXPECT_EQ(ours.exit_code, theirs.exit_code) << ours.err << theirs.err;
    EXPECT_EQ(ours.out, theirs.out);
  }
  const std::string empty = fresh_bucket();
  CliResult ours = hoist({"ls", "s3://" + empty});
  CliResult theirs = aws({"ls", "s3://" + empty});
  EXPECT_EQ(ours.exit_code, 0) << ours.err;
  EXPECT_EQ(ours.exit_code, theirs.exit_code);
  EXPECT_EQ(ours.out, theirs.out);
}

// Spaces, unicode and characters URLs and globs treat specially, in keys both ways.
TEST_F(CliParityTest, AwkwardNamesTravelAsWithAwsCli) {
  const std::string tree = dir_.path() + "/awkward";
  write_tree(tree, kAwkwardNames);
  const std::string mine = fresh_bucket();
  const std::string reference = fresh_bucket();
  CliResult ours = hoist({"cp", "--recursive", tree, "s3://" + mine + "/d"});
  CliResult theirs = aws({"cp", "--recursive", tree, "s3://" + reference + "/d"});
  ASSERT_EQ(ours.exit_code, 0) << ours.err;
  EXPECT_EQ(ours.exit_code, theirs.exit_code) << theirs.err;
  EXPECT_EQ(keys_of(mine), keys_of(reference));
  EXPECT_EQ(keys_of(mine).size(), kAwkwardNames.size());

  // Each client downloads what the other uploaded.
  const std::string down_mine = dir_.path() + "/down-mine";
  const std::string down_ref = dir_.path() + "/down-ref";
  ours = hoist({"cp", "--recursive", "s3://" + reference + "/d", down_mine});
  theirs = aws({"cp", "--recursive", "s3://" + mine + "/d", down_ref});
  EXPECT_EQ(ours.exit_code, 0) << ours.err;
  EXPECT_EQ(ours.exit_code, theirs.exit_code) << theirs.err;
  EXPECT_EQ(tree_differences(tree_contents(tree), tree_contents(down_mine)), "");
  EXPECT_EQ(tree_differences(tree_contents(tree), tree_contents(down_ref)), "");

  for (const std::string prefix : {"d/", "d/dir with space/", "d/ünïcødé/"}) {
    SCOPED_TRACE(prefix);
    CliResult a = hoist({"ls", "s3://" + mine + "/" + prefix});
    CliResult b = aws({"ls", "s3://" + mine + "/" + prefix});
    EXPECT_EQ(a.exit_code, b.exit_code);
    EXPECT_EQ(a.out, b.out);
  }
  // A single object by its awkward key, both ways.
  for (const std::string name : {"hash#.txt", "question?.txt", "amp&eq=.txt", "br[ack]ets.txt"}) {
    SCOPED_TRACE(name);
    CliResult one = hoist({"cp", "s3://" + reference + "/d/" + name, dir_.path() + "/one/"});
    EXPECT_EQ(one.exit_code, 0) << one.err;
    EXPECT_EQ(read_file(dir_.path() + "/one/" + name), "content of " + name);
    CliResult rm = hoist({"rm", "s3://" + mine + "/d/" + name});
    EXPECT_EQ(rm.exit_code, 0) << rm.err;
    EXPECT_EQ(keys_of(mine).count("d/" + name), 0u);
  }
}

// --exclude/--include on recursive cp (both ways) and rm, and --dryrun on cp: the same keys
// and files as aws-cli, in the same filter order semantics (the last match wins).
TEST_F(CliParityTest, FiltersAndDryRunsOfCpAndRmMatchAwsCli) {
  const std::vector<std::vector<std::string>> filter_sets = {
      {"--exclude", "*.txt"},
      {"--exclude", "*", "--include", "p/*"},
      {"--exclude", "*", "--include", "p/*", "--exclude", "p/sub/*"},
      {"--include", "px.txt", "--exclude", "p*"},
  };
  const std::string tree = dir_.path() + "/filter-tree";
  write_tree(tree, {"p/a.txt", "p/sub/b.txt", "px.txt", "p2/keep.txt", "top.log"});
  int n = 0;
  for (const auto& filters : filter_sets) {
    std::string joined;
    for (const auto& word : filters) joined += word + " ";
    SCOPED_TRACE(joined);
    auto with = [&](std::vector<std::string> args) {
      args.insert(args.end(), filters.begin(), filters.end());
      return args;
    };
    // Uploads.
    const std::string mine = fresh_bucket();
    const std::string reference = fresh_bucket();
    CliResult ours = hoist(with({"cp", "--recursive", tree, "s3://" + mine}));
    CliResult theirs = aws(with({"cp", "--recursive", tree, "s3://" + reference}));
    EXPECT_EQ(ours.exit_code, 0) << ours.err;
    EXPECT_EQ(ours.exit_code, theirs.exit_code) << theirs.err;
    EXPECT_EQ(keys_of(mine), keys_of(reference));

    // Downloads, dry and real, from one bucket holding everything.
    const std::string all = seeded_bucket({"p/a.txt", "p/sub/b.txt", "px.txt", "p2/keep.txt"});
    const std::string down_mine = dir_.path() + "/f-mine" + std::to_string(n);
    const std::string down_ref = dir_.path() + "/f-ref" + std::to_string(n++);
    ours = hoist(with({"cp", "--recursive", "--dryrun", "s3://" + all, down_mine}));
    theirs = aws(with({"cp", "--recursive", "--dryrun", "s3://" + all, down_ref}));
    EXPECT_EQ(ours.exit_code, theirs.exit_code) << ours.err << theirs.err;
    EXPECT_EQ(
        lines_starting(ours.out, "(dryrun) download: ", {{down_mine, "DEST"}}),
        lines_starting(theirs.out, "(dryrun) download: ", {{as_aws_prints(down_ref), "DEST"}}));
    EXPECT_FALSE(fs::exists(down_mine)) << "a dry run wrote files";
    ours = hoist(with({"cp", "--recursive", "s3://" + all, down_mine}));
    theirs = aws(with({"cp", "--recursive", "s3://" + all, down_ref}));
    EXPECT_EQ(ours.exit_code, 0) << ours.err;
    EXPECT_EQ(tree_differences(tree_contents(down_ref), tree_contents(down_mine)), "");

    // rm --recursive, dry and real.
    ours = hoist(with({"rm", "--recursive", "--dryrun", "s3://" + all}));
    theirs = aws(with({"rm", "--recursive", "--dryrun", "s3://" + all}));
    EXPECT_EQ(keys_in_lines(ours.out, "(dryrun) delete: ", all),
              keys_in_lines(theirs.out, "(dryrun) delete: ", all));
    const std::string rm_ref = seeded_bucket({"p/a.txt", "p/sub/b.txt", "px.txt", "p2/keep.txt"});
    ours = hoist(with({"rm", "--recursive", "s3://" + all}));
    theirs = aws(with({"rm", "--recursive", "s3://" + rm_ref}));
    EXPECT_EQ(ours.exit_code, 0) << ours.err;
    EXPECT_EQ(ours.exit_code, theirs.exit_code) << theirs.err;
    EXPECT_EQ(keys_of(all), keys_of(rm_ref));
  }

  // A single file under a filter that excludes it is passed over, as by aws-cli.
  const std::string b = fresh_bucket();
  CliResult ours = hoist({"cp", tree + "/top.log", "s3://" + b + "/one", "--exclude", "*.log"});
  CliResult theirs = aws({"cp", tree + "/top.log", "s3://" + b + "/two", "--exclude", "*.log"});
  EXPECT_EQ(ours.exit_code, theirs.exit_code);
  EXPECT_TRUE(keys_of(b).empty());

  // --dryrun of one upload prints the line and sends nothing.
  ours = hoist({"cp", "--dryrun", tree + "/top.log", "s3://" + b + "/k"});
  theirs = aws({"cp", "--dryrun", tree + "/top.log", "s3://" + b + "/k"});
  EXPECT_EQ(ours.exit_code, 0) << ours.err;
  EXPECT_EQ(lines_starting(ours.out, "(dryrun) upload: ", {{tree, "TREE"}}),
            lines_starting(theirs.out, "(dryrun) upload: ", {{as_aws_prints(tree), "TREE"}}));
  EXPECT_TRUE(keys_of(b).empty());
}

// mv: what arrives is the same as aws-cli's, and the sources are gone only once it has.
TEST_F(CliParityTest, MvMovesAsAwsCli) {
  for (const std::string prefix : {"m", "m/"}) {
    SCOPED_TRACE("prefix " + prefix);
    const std::string n = std::to_string(prefix.size());
    const std::string src_mine = dir_.path() + "/mv-mine" + n;
    const std::string src_ref = dir_.path() + "/mv-ref" + n;
    write_tree(src_mine, {"a.txt", "sub/b.txt"});
    write_tree(src_ref, {"a.txt", "sub/b.txt"});
    const std::string mine = fresh_bucket();
    const std::string reference = fresh_bucket();
    CliResult ours = hoist({"mv", "--recursive", src_mine, "s3://" + mine + "/" + prefix});
    CliResult theirs = aws({"mv", "--recursive", src_ref, "s3://" + reference + "/" + prefix});
    EXPECT_EQ(ours.exit_code, 0) << ours.err;
    EXPECT_EQ(ours.exit_code, theirs.exit_code) << theirs.err;
    EXPECT_EQ(keys_of(mine), keys_of(reference));
    EXPECT_EQ(tree_contents(src_mine), tree_contents(src_ref));  // both empty of files
    EXPECT_TRUE(tree_contents(src_mine).empty());
    EXPECT_EQ(
        lines_starting(ours.out, "move: ", {{src_mine, "SRC"}, {mine, "B"}}),
        lines_starting(theirs.out, "move: ", {{as_aws_prints(src_ref), "SRC"}, {reference, "B"}}));

    // And back: the objects of the folder are gone, "mx.txt" beside it stays.
    for (const std::string& b : {mine, reference}) {
      CliResult beside = aws({"cp", tree_file(), "s3://" + b + "/mx.txt"});
      ASSERT_EQ(beside.exit_code, 0) << beside.err;
    }
    const std::string back_mine = dir_.path() + "/back-mine" + n;
    const std::string back_ref = dir_.path() + "/back-ref" + n;
    ours = hoist({"mv", "--recursive", "s3://" + mine + "/" + prefix, back_mine});
    theirs = aws({"mv", "--recursive", "s3://" + reference + "/" + prefix, back_ref});
    EXPECT_EQ(ours.exit_code, 0) << ours.err;
    EXPECT_EQ(ours.exit_code, theirs.exit_code) << theirs.err;
    EXPECT_EQ(tree_differences(tree_contents(back_ref), tree_contents(back_mine)), "");
    EXPECT_EQ(keys_of(mine), keys_of(reference));
    EXPECT_EQ(keys_of(mine), (std::set<std::string>{"mx.txt"}));
  }
}

// A source whose copy failed is kept: mv into a bucket that does not exist deletes nothing.
TEST_F(CliParityTest, MvKeepsSourcesThatDidNotArrive) {
  const std::string src = dir_.path() + "/keep";
  write_tree(src, {"a.txt", "b.txt"});
  CliResult ours = hoist({"mv", "--recursive", src, "s3://no-such-bucket-mv/p"});
  CliResult theirs = aws({"mv", "--recursive", src, "s3://no-such-bucket-mv/p"});
  EXPECT_EQ(ours.exit_code, 1) << ours.err;
  EXPECT_EQ(ours.exit_code, theirs.exit_code) << theirs.err;
  EXPECT_EQ(tree_contents(src).size(), 2u);
}

// Exit codes that scripts test, as aws-cli's for the same failures.
TEST_F(CliParityTest, ExitCodesMatchAwsCli) {
  const std::string b = seeded_bucket({"k.txt"});
  const std::string tree = dir_.path() + "/codes";
  write_tree(tree, {"ok.txt"});
  const std::vector<std::vector<std::string>> forms = {
      {"ls", "s3://no-such-bucket-codes"},
      {"ls", "s3://" + b + "/nothing-here"},
      {"cp", "s3://" + b + "/missing", dir_.path() + "/x"},
      {"cp", dir_.path() + "/does-not-exist", "s3://" + b + "/k"},
      {"cp", tree + "/ok.txt", "s3://no-such-bucket-codes/k"},
      {"rm", "--recursive", "s3://no-such-bucket-codes/p"},
      {"mb", "s3://" + b},
      {"rb", "s3://no-such-bucket-codes"},
      {"sync", tree, "s3://no-such-bucket-codes"},
      {"sync", dir_.path() + "/does-not-exist", "s3://" + b},
      {"cp", "--no-such-flag", tree, "s3://" + b},
      {"no-such-verb", "s3://" + b},
      {"cp", tree + "/ok.txt"},
  };
  for (const auto& form : forms) {
    std::string joined;
    for (const auto& word : form) joined += word + " ";
    SCOPED_TRACE(joined);
    CliResult ours = hoist(form);
    CliResult theirs = aws(form);
    EXPECT_EQ(ours.exit_code, theirs.exit_code) << ours.err << "---\n" << theirs.err;
  }
  // Unreadable entries are skipped with a warning each, and exit 2, as aws-cli.
  const std::string odd = dir_.path() + "/odd";
  write_tree(odd, {"fine.txt"});
  fs::create_symlink(odd + "/nowhere", odd + "/dangling");
  ASSERT_EQ(::mkfifo((odd + "/pipe").c_str(), 0600), 0);
  CliResult ours = hoist({"cp", "--recursive", odd, "s3://" + b + "/odd"});
  CliResult theirs = aws({"cp", "--recursive", odd, "s3://" + b + "/odd2"});
  EXPECT_EQ(ours.exit_code, 2) << ours.err;
  EXPECT_EQ(ours.exit_code, theirs.exit_code) << theirs.err;
  EXPECT_NE(ours.err.find("warning: skipping " + odd + "/dangling: "), std::string::npos)
      << ours.err;
  EXPECT_NE(ours.err.find("warning: skipping " + odd + "/pipe: "), std::string::npos) << ours.err;
  EXPECT_EQ(keys_of(b).count("odd/fine.txt"), 1u);
  ours = hoist({"sync", odd, "s3://" + b + "/odd3"});
  theirs = aws({"sync", odd, "s3://" + b + "/odd4"});
  EXPECT_EQ(ours.exit_code, 2) << ours.err;
  EXPECT_EQ(ours.exit_code, theirs.exit_code) << theirs.err;
  EXPECT_NE(ours.err.find("warning: skipping " + odd + "/pipe: "), std::string::npos) << ours.err;
}

// Flags aws-cli users pass that change nothing for hoist are accepted; a global option given
// twice takes the last value.
TEST_F(CliParityTest, AwsCliFlagsScriptsPassAreAccepted) {
  const std::string b = seeded_bucket({"k.txt"});
  const std::vector<std::string> form = {"ls",
                                         "s3://" + b,
                                         "--no-paginate",
                                         "--no-cli-pager",
                                         "--cli-read-timeout",
                                         "20",
                                         "--cli-connect-timeout",
                                         "5"};
  CliResult ours = hoist(form);
  CliResult theirs = aws(form);
  EXPECT_EQ(ours.exit_code, 0) << ours.err;
  EXPECT_EQ(ours.out, theirs.out);
  // Pages of one key list the same lines (every page read), and --request-payer is signed.
  const std::string many = seeded_bucket({"a/1", "a/2", "b", "c", "d/e/f"});
  for (const std::vector<std::string>& paged :
       {std::vector<std::string>{"ls", "s3://" + many, "--page-size", "1"},
        std::vector<std::string>{"ls", "--recursive", "s3://" + many, "--page-size", "2",
                                 "--request-payer", "requester"}}) {
    CliResult a = hoist(paged);
    CliResult r = aws(paged);
    EXPECT_EQ(a.exit_code, 0) << a.err;
    EXPECT_EQ(a.exit_code, r.exit_code) << r.err;
    EXPECT_EQ(a.out, r.out);
  }
  CliResult payer = hoist({"--debug", "ls", "s3://" + many, "--request-payer"});
  EXPECT_EQ(payer.exit_code, 0) << payer.err;
  EXPECT_NE(payer.err.find("x-amz-request-payer: requester"), std::string::npos) << payer.err;
  EXPECT_NE(payer.err.find(";x-amz-request-payer, Signature="), std::string::npos) << payer.err;

  // --only-show-errors and the symlink default spelled out, on a copy as aws-cli takes them.
  const std::string file = tree_file();
  CliResult quiet =
      hoist({"cp", file, "s3://" + many + "/q", "--only-show-errors", "--follow-symlinks"});
  CliResult quiet_ref =
      aws({"cp", file, "s3://" + many + "/q2", "--only-show-errors", "--follow-symlinks"});
  EXPECT_EQ(quiet.exit_code, 0) << quiet.err;
  EXPECT_EQ(quiet.exit_code, quiet_ref.exit_code) << quiet_ref.err;
  EXPECT_EQ(quiet.out, "");
  EXPECT_EQ(quiet.out, quiet_ref.out);

  CliResult twice = hoist({"--region", "eu-west-1", "ls", "s3://" + b, "--region", "us-east-1"});
  EXPECT_EQ(twice.exit_code, 0) << twice.err;
  // Unsigned: the server sees an anonymous request and refuses it for this private bucket.
  CliResult anonymous = hoist({"--no-sign-request", "--debug", "ls", "s3://" + b});
  EXPECT_EQ(anonymous.exit_code, 254) << anonymous.err;
  EXPECT_NE(anonymous.err.find("AccessDenied"), std::string::npos) << anonymous.err;
  EXPECT_EQ(anonymous.err.find("uthorization: AWS4"), std::string::npos) << anonymous.err;
}

}  // namespace
}  // namespace hoist::test

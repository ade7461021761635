// `hoist cp` when things go wrong, against `hoist serve`: a server that fails one request in
// ten, a client killed with SIGKILL or stopped with SIGINT in the middle of a multipart
// upload, and a file that changes while it is being uploaded. In every case what arrives is
// byte-identical or absent, and no multipart upload is left open behind the user's back.
//
// The interrupted runs are real child processes. The test acts on them when their --debug
// output says the server has confirmed a given number of parts, not after a guessed delay, so
// that "mid-way" holds on a fast machine and on a slow one alike.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "tests/integration/cli_test_fixture.h"
#include "tests/integration/serve_process.h"
#include "tests/support/test_bytes.h"

extern char** environ;

namespace hoist::test {
namespace {

constexpr uint64_t kMiB = uint64_t{1} << 20;

// What `hoist --debug` prints when the server answers an UploadPart with 200: the part is
// stored, and the client records it in its journal right after.
constexpr std::string_view kPartConfirmed = "debug: < 200 PUT ";

std::string tail(const std::string& text, size_t length = 3000) {
  return text.size() <= length ? text : "..." + text.substr(text.size() - length);
}

size_t count_of(std::string_view text, std::string_view what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string_view::npos; at = text.find(what, at + 1)) {
    ++n;
  }
  return n;
}

size_t line_count(const std::string& text) { return count_of(text, "\n"); }

// Writes `size` bytes to `path`: one random MiB from `seed`, repeated, each copy stamped with
// its index. No two MiB of a file are alike, so a part stored at the wrong offset cannot go
// unnoticed, and a GiB takes about a second to write rather than the minute of /dev/urandom.
void write_pattern_file(const std::string& path, uint64_t size, uint32_t seed) {
  std::string block = test::seeded_bytes(static_cast<size_t>(std::min(size, kMiB)), seed);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  for (uint64_t offset = 0, index = 0; offset < size; offset += kMiB, ++index) {
    if (block.size() >= sizeof index) std::memcpy(block.data(), &index, sizeof index);
    const auto length = static_cast<std::streamsize>(std::min(kMiB, size - offset));
    out.write(block.data(), length);
  }
  ASSERT_TRUE(out.good()) << "cannot write " << path;
}

// Whether two files hold the same bytes, read a MiB at a time (the files may be GiBs).
::testing::AssertionResult same_bytes(const std::string& expected, const std::string& actual) {
  std::error_code error;
  const uint64_t want = std::filesystem::file_size(expected, error);
  if (error) return ::testing::AssertionFailure() << expected << ": " << error.message();
  const uint64_t got = std::filesystem::file_size(actual, error);
  if (error) return ::testing::AssertionFailure() << actual << ": " << error.message();
  if (want != got) {
    return ::testing::AssertionFailure()
           << actual << " has " << got << " bytes, " << expected << " has " << want;
  }
  std::ifstream a(expected, std::ios::binary);
  std::ifstream b(actual, std::ios::binary);
  std::vector<char> x(kMiB), y(kMiB);
  for (uint64_t offset = 0; offset < want; offset += kMiB) {
    const auto length = static_cast<std::streamsize>(std::min(kMiB, want - offset));
    a.read(x.data(), length);
    b.read(y.data(), length);
    if (!a || !b) return ::testing::AssertionFailure() << "cannot read at " << offset;
    if (std::memcmp(x.data(), y.data(), static_cast<size_t>(length)) != 0) {
      return ::testing::AssertionFailure()
             << actual << " differs from " << expected << " in the MiB at " << offset;
    }
  }
  return ::testing::AssertionSuccess();
}

nlohmann::json summary_of(const CliResult& r) {
  nlohmann::json parsed = nlohmann::json::parse(r.out, nullptr, /*allow_exceptions=*/false);
  EXPECT_TRUE(parsed.is_object()) << "not a JSON summary: " << r.out << tail(r.err);
  return parsed.is_object() ? parsed : nlohmann::json::object();
}

uint64_t number(const nlohmann::json& summary, const char* name) {
  return summary.contains(name) ? summary[name].get<uint64_t>() : 0;
}

// A hoist command running in the background while the test acts on it (signals it, changes
// its file), its stdout and stderr captured. Killed with SIGKILL if the test leaves it running.
class BackgroundHoist {
 public:
  struct Outcome {
    int exit_code = -1;  // -1 unless it exited normally
    int signal = 0;      // the signal that ended it, if one did
    std::string out;
    std::string err;
  };

  BackgroundHoist(const std::vector<std::string>& args,
                  const std::map<std::string, std::string>& env) {
    int out_pipe[2], err_pipe[2];
    if (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0) std::abort();
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
    std::vector<std::string> argv_strings = {HOIST_CLI_PATH};
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_strings) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_strings = merged_environment(env);
    std::vector<char*> envp;
    for (auto& e : env_strings) envp.push_back(e.data());
    envp.push_back(nullptr);
    const int spawned =
        ::posix_spawn(&pid_, HOIST_CLI_PATH, &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    ::close(out_pipe[1]);
    ::close(err_pipe[1]);
    fds_[0] = out_pipe[0];
    fds_[1] = err_pipe[0];
    if (spawned != 0) {
      ADD_FAILURE() << "cannot start " << HOIST_CLI_PATH << ": " << std::strerror(spawned);
      pid_ = -1;
    }
  }

  ~BackgroundHoist() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    for (int fd : fds_) {
      if (fd >= 0) ::close(fd);
    }
  }
  BackgroundHoist(const BackgroundHoist&) = delete;
  BackgroundHoist& operator=(const BackgroundHoist&) = delete;

  // Reads its output until stderr holds `count` copies of `text`. False if it closed its
  // output (ended) or `timeout` passed first.
  bool wait_for(std::string_view text, size_t count, std::chrono::seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (count_of(err_, text) < count) {
      const auto left = deadline - std::chrono::steady_clock::now();
      if (left <= std::chrono::seconds(0) || !read_some(left)) return false;
    }
    return true;
  }

  void send(int signal) const {
    if (pid_ > 0) ::kill(pid_, signal);
  }

  // Reads the rest of its output and waits for it to end (SIGKILL after `timeout`).
  Outcome finish(std::chrono::seconds timeout = std::chrono::seconds(300)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
      const auto left = deadline - std::chrono::steady_clock::now();
      if (left <= std::chrono::seconds(0)) {
        ADD_FAILURE() << "hoist did not end within " << timeout.count() << " s; killing it";
        send(SIGKILL);
        while (read_some(std::chrono::seconds(5))) {
        }
        break;
      }
      if (!read_some(left)) break;
    }
    Outcome outcome;
    if (pid_ > 0) {
      int status = 0;
      ::waitpid(pid_, &status, 0);
      pid_ = -1;
      if (WIFEXITED(status)) outcome.exit_code = WEXITSTATUS(status);
      if (WIFSIGNALED(status)) outcome.signal = WTERMSIG(status);
    }
    outcome.out = out_;
    outcome.err = err_;
    return outcome;
  }

  const std::string& err() const { return err_; }

 private:
  // Waits up to `timeout` for output and appends what came. False once both pipes closed.
  bool read_some(std::chrono::steady_clock::duration timeout) {
    pollfd polled[2] = {{fds_[0], POLLIN, 0}, {fds_[1], POLLIN, 0}};
    if (fds_[0] < 0 && fds_[1] < 0) return false;
    const auto ms = std::chrono::ceil<std::chrono::milliseconds>(timeout).count();
    if (::poll(polled, 2, static_cast<int>(std::min<int64_t>(ms, 60000))) < 0) return false;
    std::string* sinks[2] = {&out_, &err_};
    char buffer[65536];
    for (int i = 0; i < 2; ++i) {
      if (fds_[i] < 0 || polled[i].revents == 0) continue;
      const ssize_t n = ::read(fds_[i], buffer, sizeof buffer);
      if (n > 0) {
        sinks[i]->append(buffer, static_cast<size_t>(n));
      } else {
        ::close(fds_[i]);
        fds_[i] = -1;
      }
    }
    return fds_[0] >= 0 || fds_[1] >= 0;
  }

  pid_t pid_ = -1;
  int fds_[2] = {-1, -1};
  std::string out_;
  std::string err_;
};

class CliResilienceTest : public CliTest {
 protected:
  // The client's environment for `server`; the journal of a command that names no
  // --state-dir goes to the test's directory, never to the user's ~/.cache.
  std::map<std::string, std::string> environment(const TestServer& server) const {
    auto env = server.client_environment();
    env["XDG_CACHE_HOME"] = dir_.path() + "/cache";
    return env;
  }

  CliResult hoist_at(const TestServer& server, std::vector<std::string> args) const {
    args.insert(args.begin(), {"--endpoint-url", server.endpoint()});
    return run_hoist(args, environment(server));
  }

  CliResult run(std::vector<std::string> args) const { return hoist_at(*server_, args); }

  // `hoist --debug <args>` in the background against the shared server.
  std::unique_ptr<BackgroundHoist> start(std::vector<std::string> args) const {
    args.insert(args.begin(), {"--endpoint-url", server_->endpoint(), "--debug"});
    return std::make_unique<BackgroundHoist>(args, environment(*server_));
  }

  std::string url(const std::string& key) { return "s3://" + bucket() + "/" + key; }
  std::string state_dir() const { return dir_.path() + "/state"; }

  // `hoist ls --uploads` of the test's bucket: one line per multipart upload still open.
  std::string open_uploads() {
    CliResult ls = run({"ls", "--uploads", "s3://" + bucket()});
    EXPECT_EQ(ls.exit_code, 0) << ls.err;
    return ls.out;
  }

  // `hoist ls` of the test's bucket: one line per object.
  std::string objects() {
    CliResult ls = run({"ls", "--recursive", "s3://" + bucket()});
    EXPECT_EQ(ls.exit_code, 0) << ls.err;
    return ls.out;
  }

  // Downloads `key` next to `original` and compares the two, then deletes the copy.
  void expect_stored_as(const std::string& key, const std::string& original) {
    const std::string copy = dir_.path() + "/downloaded";
    CliResult down = run({"cp", url(key), copy, "--no-progress"});
    ASSERT_EQ(down.exit_code, 0) << down.err;
    EXPECT_TRUE(same_bytes(original, copy));
    std::filesystem::remove(copy);
  }
};

// ----------------------------------------------------------------------------------------
// hoist serve --fault-rate 0.1: one request in ten answered 503 SlowDown or 500, reset
// partway into its body, or stalled for 6 s and then reset. 200 MiB in 300 files go up with
// cp -r and come back down through the same server, byte-identical; every fault is retried.

// The files of the faulty-server test: six multipart-sized (with 5 MiB parts and threshold:
// one exactly one part), the rest small, from empty to one byte under the threshold, 200 MiB
// in all.
std::vector<uint64_t> tree_file_sizes() {
  constexpr uint64_t kTotal = 200 * kMiB;
  constexpr size_t kFiles = 300;
  std::vector<uint64_t> sizes = {
      30 * kMiB, 24 * kMiB, 17 * kMiB + 3, 12 * kMiB, 10 * kMiB + 1, 5 * kMiB, 5 * kMiB - 1, 0, 1};
  uint64_t fixed = 0;
  for (uint64_t s : sizes) fixed += s;
  // The others in pairs around the mean, so the total comes out exact; the remainder goes to
  // one more file.
  const size_t pairs = (kFiles - sizes.size() - 1) / 2;
  const uint64_t mean = (kTotal - fixed) / (2 * pairs + 1);
  uint32_t x = 12345;
  for (size_t i = 0; i < pairs; ++i) {
    x = x * 1664525u + 1013904223u;
    const uint64_t spread = x % (mean - 1024);
    sizes.push_back(mean + spread);
    sizes.push_back(mean - spread);
  }
  sizes.push_back(kTotal - fixed - 2 * pairs * mean);
  return sizes;
}

std::string tree_file_name(size_t index) {
  return "d" + std::to_string(index % 7) + "/s" + std::to_string(index % 3) + "/f" +
         std::to_string(index);
}

TEST_F(CliResilienceTest, TreeCrossesAFaultyServerBothWaysByteIdentical) {
  ServeProcess faulty({"--fault-rate", "0.1", "--fault-seed", "1"});
  const std::string tree_bucket = "faults-" + std::to_string(::getpid());
  // Only the transfers under test are measured. The calls around them (make the bucket, list
  // uploads) meet the same faults and hoist retries each a few times; they are repeated here
  // too, so that the 1-in-1000 listing whose every attempt was faulted cannot fail the test.
  auto settled = [&](const std::vector<std::string>& args) {
    CliResult r;
    for (int attempt = 0; attempt < 4; ++attempt) {
      r = hoist_at(faulty, args);
      if (r.exit_code == 0) break;
    }
    return r;
  };
  CliResult made = settled({"mb", "s3://" + tree_bucket});
  ASSERT_EQ(made.exit_code, 0) << made.err;

  const std::vector<uint64_t> sizes = tree_file_sizes();
  ASSERT_EQ(sizes.size(), 300u);
  uint64_t total = 0;
  size_t multipart = 0;
  for (uint64_t s : sizes) {
    total += s;
    multipart += s >= 5 * kMiB ? 1 : 0;
  }
  ASSERT_EQ(total, 200 * kMiB);
  ASSERT_EQ(multipart, 6u);
  const std::string src = dir_.path() + "/src";
  for (size_t i = 0; i < sizes.size(); ++i) {
    const std::filesystem::path path = src + "/" + tree_file_name(i);
    std::filesystem::create_directories(path.parent_path());
    write_pattern_file(path, sizes[i], static_cast<uint32_t>(i + 1));
  }

  const std::string prefix = "s3://" + tree_bucket + "/tree";
  CliResult up =
      hoist_at(faulty, {"--output", "json", "cp", "-r", src, prefix, "--part-size", "5MiB",
                        "--multipart-threshold", "5MiB", "--state-dir", state_dir()});
  EXPECT_EQ(up.exit_code, 0) << up.out << tail(up.err);
  const nlohmann::json sent = summary_of(up);
  EXPECT_EQ(number(sent, "objects"), 300u) << up.out;
  EXPECT_EQ(number(sent, "bytes"), total) << up.out;
  EXPECT_EQ(number(sent, "failures"), 0u) << up.out;
  EXPECT_GT(number(sent, "retries"), 0u) << up.out;
  RecordProperty("upload_retries", std::to_string(number(sent, "retries")));
  RecordProperty("upload_seconds", std::to_string(sent.value("seconds", 0.0)));

  const std::string down = dir_.path() + "/down";
  CliResult back =
      hoist_at(faulty, {"--output", "json", "cp", "-r", prefix, down, "--part-size", "5MiB"});
  EXPECT_EQ(back.exit_code, 0) << back.out << tail(back.err);
  const nlohmann::json received = summary_of(back);
  EXPECT_EQ(number(received, "objects"), 300u) << back.out;
  EXPECT_EQ(number(received, "failures"), 0u) << back.out;
  EXPECT_GT(number(received, "retries"), 0u) << back.out;
  RecordProperty("download_retries", std::to_string(number(received, "retries")));
  RecordProperty("download_seconds", std::to_string(received.value("seconds", 0.0)));

  size_t files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(down)) {
    files += entry.is_regular_file() ? 1 : 0;
  }
  EXPECT_EQ(files, 300u);
  for (size_t i = 0; i < sizes.size(); ++i) {
    EXPECT_TRUE(same_bytes(src + "/" + tree_file_name(i), down + "/" + tree_file_name(i)));
  }

  CliResult ls = settled({"ls", "--uploads", "s3://" + tree_bucket});
  EXPECT_EQ(ls.exit_code, 0) << ls.err;
  EXPECT_EQ(ls.out, "");
}

// ----------------------------------------------------------------------------------------
// kill -9 in the middle of a 1 GiB multipart upload, then the same command again: it
// resumes from the parts the server holds, sends only the rest, and the object is whole.

TEST_F(CliResilienceTest, UploadKilledMidwayResumesAndSendsOnlyTheMissingParts) {
  const uint64_t size = 1024 * kMiB;
  const uint64_t parts = size / (8 * kMiB);
  const std::string big = dir_.path() + "/big";
  write_pattern_file(big, size, 42);
  const std::vector<std::string> cp = {"cp",        big,           url("big"), "--state-dir",
                                       state_dir(), "--part-size", "8MiB",     "--no-progress"};

  {
    auto first = start(cp);
    ASSERT_TRUE(first->wait_for(kPartConfirmed, parts / 3, std::chrono::seconds(120)))
        << tail(first->err());
    first->send(SIGKILL);
    const BackgroundHoist::Outcome killed = first->finish();
    ASSERT_EQ(killed.signal, SIGKILL) << "it ended before the kill: " << tail(killed.err);
  }
  // What the kill left: an open upload, and no object yet.
  const std::string left = open_uploads();
  EXPECT_EQ(line_count(left), 1u) << left;
  EXPECT_NE(left.find("  big\n"), std::string::npos) << left;
  EXPECT_EQ(objects(), "");

  // The same command (less --debug), with a JSON summary to read the byte counts from.
  std::vector<std::string> again = {"--output", "json"};
  again.insert(again.end(), cp.begin(), cp.end());
  CliResult second = run(again);
  ASSERT_EQ(second.exit_code, 0) << second.out << second.err;
  const nlohmann::json summary = summary_of(second);
  const uint64_t resumed = number(summary, "bytes_resumed");
  const uint64_t sent = number(summary, "bytes_sent");
  EXPECT_GT(resumed, 0u) << second.out;
  EXPECT_EQ(resumed % (8 * kMiB), 0u) << "whole parts only: " << second.out;
  EXPECT_LT(sent, size) << second.out;
  // Every byte not resumed went over the wire (plus a few KiB of XML).
  EXPECT_GE(sent + resumed, size) << second.out;
  EXPECT_EQ(number(summary, "objects"), 1u) << second.out;
  RecordProperty("bytes_resumed", std::to_string(resumed));
  RecordProperty("bytes_sent_second_run", std::to_string(sent));

  EXPECT_EQ(open_uploads(), "");
  expect_stored_as("big", big);
}

// ----------------------------------------------------------------------------------------
// SIGINT (Ctrl-C) in the middle of a multipart upload: the upload is kept for the same
// command to resume, or aborted with --no-resume.

// A 256 MiB upload one part at a time: after its second confirmed part, the 30 to go take far
// longer than the engine's 100 ms to notice the signal.
class CliInterruptTest : public CliResilienceTest {
 protected:
  void SetUp() override {
    file_ = dir_.path() + "/medium";
    write_pattern_file(file_, kSize, 7);
  }

  std::vector<std::string> cp(const std::string& key, bool resume) {
    std::vector<std::string> args = {"cp",        file_,          url(key), "--state-dir",
                                     state_dir(), "--part-size",  "8MiB",   "--concurrency",
                                     "1",         "--no-progress"};
    if (!resume) args.push_back("--no-resume");
    return args;
  }

  // Starts `args` and sends SIGINT once two parts are stored; returns how it ended.
  BackgroundHoist::Outcome interrupt_midway(const std::vector<std::string>& args) {
    auto running = start(args);
    EXPECT_TRUE(running->wait_for(kPartConfirmed, 2, std::chrono::seconds(60)))
        << tail(running->err());
    running->send(SIGINT);
    return running->finish();
  }

  static constexpr uint64_t kSize = 256 * kMiB;
  std::string file_;
};

TEST_F(CliInterruptTest, InterruptedUploadIsKeptAndTheSameCommandResumesIt) {
  const BackgroundHoist::Outcome stopped = interrupt_midway(cp("medium", true));
  EXPECT_EQ(stopped.exit_code, 130) << tail(stopped.err);
  EXPECT_NE(stopped.err.find("interrupted (1 upload kept: run the same command again to resume)"),
            std::string::npos)
      << tail(stopped.err);
  // The summary counts the parts S3 confirmed (at least the two waited for), not 0 bytes.
  EXPECT_NE(stopped.err.find("uploaded: 0 objects, "), std::string::npos) << tail(stopped.err);
  EXPECT_EQ(stopped.err.find("uploaded: 0 objects, 0 Bytes"), std::string::npos)
      << tail(stopped.err);
  const std::string left = open_uploads();
  EXPECT_EQ(line_count(left), 1u) << left;
  EXPECT_NE(left.find("  medium\n"), std::string::npos) << left;
  EXPECT_EQ(objects(), "");

  std::vector<std::string> again = {"--output", "json"};
  const std::vector<std::string> same = cp("medium", true);
  again.insert(again.end(), same.begin(), same.end());
  CliResult resumed = run(again);
  ASSERT_EQ(resumed.exit_code, 0) << resumed.out << resumed.err;
  const nlohmann::json summary = summary_of(resumed);
  EXPECT_GT(number(summary, "bytes_resumed"), 0u) << resumed.out;
  EXPECT_LT(number(summary, "bytes_sent"), kSize) << resumed.out;
  EXPECT_EQ(summary.value("interrupted", true), false) << resumed.out;
  EXPECT_EQ(number(summary, "uploads_kept"), 0u) << resumed.out;

  EXPECT_EQ(open_uploads(), "");
  expect_stored_as("medium", file_);
}

TEST_F(CliInterruptTest, InterruptedUploadWithNoResumeIsAborted) {
  const BackgroundHoist::Outcome stopped = interrupt_midway(cp("medium", false));
  EXPECT_EQ(stopped.exit_code, 130) << tail(stopped.err);
  EXPECT_NE(stopped.err.find("interrupted"), std::string::npos) << tail(stopped.err);
  EXPECT_EQ(stopped.err.find("kept"), std::string::npos) << tail(stopped.err);
  EXPECT_EQ(open_uploads(), "");
  EXPECT_EQ(objects(), "");
}

// A damaged journal (truncated: the state a kill can leave on a disk that lost writes) is set
// aside with one warning; the same command then starts afresh, aborting the upload the
// journal still named, and stores the file.
TEST_F(CliInterruptTest, TruncatedJournalIsSetAsideAndItsUploadAborted) {
  const BackgroundHoist::Outcome stopped = interrupt_midway(cp("medium", true));
  ASSERT_EQ(stopped.exit_code, 130) << tail(stopped.err);
  ASSERT_EQ(line_count(open_uploads()), 1u);
  const std::string journal = state_dir() + "/journal.sqlite";
  // The interrupted run closed the journal, which moved everything into the file itself.
  ASSERT_FALSE(std::filesystem::exists(journal + "-wal"));
  std::filesystem::resize_file(journal, std::filesystem::file_size(journal) / 2);

  CliResult again = run(cp("medium", true));
  ASSERT_EQ(again.exit_code, 0) << again.err;
  const std::string warning = "warning: resume journal " + journal + " is damaged (";
  EXPECT_EQ(count_of(again.err, "warning: "), 1u) << again.err;
  EXPECT_NE(again.err.find(warning), std::string::npos) << again.err;
  EXPECT_NE(again.err.find("set it aside as " + journal + ".corrupt-"), std::string::npos)
      << again.err;
  size_t aside = 0;
  for (const auto& entry : std::filesystem::directory_iterator(state_dir())) {
    aside += entry.path().filename().string().starts_with("journal.sqlite.corrupt-") &&
             !entry.path().filename().string().ends_with("-wal");
  }
  EXPECT_EQ(aside, 1u);
  // The upload the damaged journal named is gone; only the new one was used, and completed.
  EXPECT_EQ(open_uploads(), "");
  expect_stored_as("medium", file_);
}

// ----------------------------------------------------------------------------------------
// A resume journal that is not a database at all (overwritten) is set aside with one warning
// naming it and where it went; the upload goes ahead with a new journal.

TEST_F(CliResilienceTest, GarbageJournalIsSetAsideWithAWarningAndTheUploadSucceeds) {
  const std::string file = dir_.path() + "/twelve";
  write_pattern_file(file, 12 * kMiB, 11);
  const std::string journal = state_dir() + "/journal.sqlite";
  std::filesystem::create_directories(state_dir());
  std::ofstream(journal, std::ios::binary) << std::string(10000, '#');

  CliResult up = run({"cp", file, url("twelve"), "--state-dir", state_dir(), "--part-size", "5MiB",
                      "--no-progress"});
  ASSERT_EQ(up.exit_code, 0) << up.err;
  EXPECT_EQ(count_of(up.err, "warning: "), 1u) << up.err;
  EXPECT_NE(up.err.find("warning: resume journal " + journal +
                        " is damaged (choosing WAL mode: file is not a database); set it aside as " +
                        journal + ".corrupt-"),
            std::string::npos)
      << up.err;
  std::vector<std::string> aside;
  for (const auto& entry : std::filesystem::directory_iterator(state_dir())) {
    if (entry.path().filename().string().starts_with("journal.sqlite.corrupt-")) {
      aside.push_back(entry.path().string());
    }
  }
  ASSERT_EQ(aside.size(), 1u);
  EXPECT_NE(up.err.find(aside[0] + " and started a new one\n"), std::string::npos) << up.err;
  EXPECT_EQ(read_file(aside[0]), std::string(10000, '#'));
  expect_stored_as("twelve", file);

  // The new journal is sound: the next run says nothing.
  CliResult next = run({"cp", file, url("twelve-again"), "--state-dir", state_dir(),
                        "--part-size", "5MiB", "--no-progress"});
  ASSERT_EQ(next.exit_code, 0) << next.err;
  EXPECT_EQ(next.err.find("warning"), std::string::npos) << next.err;
}

// ----------------------------------------------------------------------------------------
// kill -9 while the server holds parts it stored but whose answers the client never read
// (hoist serve --hold-part-answers): the same command adopts those parts, whose CRC32C it
// checks against the file, and sends only the parts the server lacks.

TEST_F(CliResilienceTest, UploadKilledWithPartsStoredButUnansweredSendsOnlyWhatTheServerLacks) {
  // Two requests in flight (whatever the number of engine threads): the server answers two
  // parts, then stores two more and holds their answers, and the client can send no more.
  ServeProcess holding({"--hold-part-answers", "2,2"});
  constexpr uint64_t kPart = 5 * kMiB;
  constexpr uint64_t kParts = 13;
  const uint64_t size = (kParts - 1) * kPart + 777;
  const std::string file = dir_.path() + "/held";
  write_pattern_file(file, size, 21);
  const std::string bucket_name = "held-" + std::to_string(::getpid());
  ASSERT_EQ(hoist_at(holding, {"mb", "s3://" + bucket_name}).exit_code, 0);
  const std::vector<std::string> cp = {"cp",          file,      "s3://" + bucket_name + "/held",
                                       "--state-dir", state_dir(), "--part-size",
                                       "5MiB",        "--concurrency", "2",
                                       "--no-progress"};

  {
    std::vector<std::string> args = {"--endpoint-url", holding.endpoint(), "--debug"};
    args.insert(args.end(), cp.begin(), cp.end());
    BackgroundHoist first(args, environment(holding));
    ASSERT_TRUE(first.wait_for(kPartConfirmed, 2, std::chrono::seconds(60))) << tail(first.err());
    ASSERT_TRUE(holding.wait_for_log("holding its answer", 2, std::chrono::seconds(60)))
        << holding.log();
    first.send(SIGKILL);
    const BackgroundHoist::Outcome killed = first.finish();
    ASSERT_EQ(killed.signal, SIGKILL) << tail(killed.err);
    EXPECT_EQ(count_of(killed.err, kPartConfirmed), 2u) << tail(killed.err);
  }

  // The same command: --debug shows every UploadPart it sends and the server answers.
  std::vector<std::string> again = {"--debug", "--output", "json"};
  again.insert(again.end(), cp.begin(), cp.end());
  CliResult second = hoist_at(holding, again);
  ASSERT_EQ(second.exit_code, 0) << second.out << tail(second.err);
  const nlohmann::json summary = summary_of(second);
  // Four parts were stored: two journaled, two adopted.
  EXPECT_EQ(number(summary, "bytes_resumed"), 4 * kPart) << second.out;
  EXPECT_EQ(count_of(second.err, kPartConfirmed), kParts - 4) << tail(second.err);
  EXPECT_LT(number(summary, "bytes_sent"), size - 4 * kPart + 64 * 1024) << second.out;

  CliResult uploads = hoist_at(holding, {"ls", "--uploads", "s3://" + bucket_name});
  EXPECT_EQ(uploads.exit_code, 0) << uploads.err;
  EXPECT_EQ(uploads.out, "");
  const std::string copy = dir_.path() + "/held-copy";
  CliResult down = hoist_at(holding, {"cp", "s3://" + bucket_name + "/held", copy, "--no-progress"});
  ASSERT_EQ(down.exit_code, 0) << down.err;
  EXPECT_TRUE(same_bytes(file, copy));
}

// ----------------------------------------------------------------------------------------
// A file that changes while its multipart upload runs is refused: no object, no upload left
// open, an error that says why. The change is made once the server has confirmed the first
// of 32 parts sent one at a time, so it always falls between the read of the file's size at
// open and the check before Complete.

class CliChangingFileTest : public CliResilienceTest {
 protected:
  void SetUp() override {
    file_ = dir_.path() + "/changing";
    write_pattern_file(file_, 256 * kMiB, 9);
  }

  // Starts the upload, runs `change` once a part is stored, and checks the refusal.
  template <typename Change>
  void expect_refused_after(Change change) {
    auto running = start({"cp", file_, url("changing"), "--state-dir", state_dir(), "--part-size",
                          "8MiB", "--concurrency", "1", "--no-progress"});
    ASSERT_TRUE(running->wait_for(kPartConfirmed, 1, std::chrono::seconds(60)))
        << tail(running->err());
    change();
    const BackgroundHoist::Outcome ended = running->finish();
    EXPECT_EQ(ended.exit_code, 1) << tail(ended.err);
    EXPECT_NE(ended.err.find("hoist: cp: " + file_ +
                             ": FileChanged: file changed while it was being uploaded"),
              std::string::npos)
        << tail(ended.err);
    EXPECT_EQ(objects(), "");
    EXPECT_EQ(open_uploads(), "");
  }

  std::string file_;
};

TEST_F(CliChangingFileTest, FileAppendedToDuringUploadIsNotStored) {
  expect_refused_after([&] {
    std::ofstream(file_, std::ios::binary | std::ios::app) << test::seeded_bytes(kMiB, 3);
  });
}

// The same size, different bytes in a part already sent: only the mtime tells.
TEST_F(CliChangingFileTest, FileRewrittenInPlaceDuringUploadIsNotStored) {
  expect_refused_after([&] {
    const int fd = ::open(file_.c_str(), O_WRONLY);
    ASSERT_GE(fd, 0);
    const std::string bytes = test::seeded_bytes(4096, 5);
    EXPECT_EQ(::pwrite(fd, bytes.data(), bytes.size(), 0), 4096);
    ::close(fd);
  });
}

}  // namespace
}  // namespace hoist::test

// Journal: what a later `hoist cp` needs to resume an upload is found again, after a restart
// too, and only for exactly the same upload.
#include "engine/transfer/journal.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/temp_directory.h"

namespace hoist::transfer {
namespace {

UploadIdentity sample_identity() {
  UploadIdentity id;
  id.local_path = "/data/backup.tar";
  id.size = 64ull << 20;
  id.mtime_ns = 1'700'000'000'123'456'789;
  id.bucket = "bucket";
  id.key = "backups/backup.tar";
  id.part_size = 8ull << 20;
  id.checksum_algorithm = "CRC32C";
  return id;
}

JournalPart part(int number, std::string etag = "", std::string checksum = "") {
  JournalPart p;
  p.part_number = number;
  p.size = 8ull << 20;
  p.etag = etag.empty() ? "\"etag-" + std::to_string(number) + "\"" : etag;
  p.checksum = checksum;
  return p;
}

mode_t permissions_of(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 0777;
}

class JournalTest : public ::testing::Test {
 protected:
  std::string state_dir() const { return dir.path() + "/state"; }

  std::unique_ptr<Journal> open_journal() {
    Result<std::unique_ptr<Journal>> journal = Journal::open(state_dir());
    EXPECT_TRUE(journal.ok()) << (journal.ok() ? "" : journal.error().describe());
    return journal.ok() ? std::move(journal).value() : nullptr;
  }

  void record_upload(Journal& journal, const UploadIdentity& id, const std::string& upload_id) {
    Status status = journal.record_upload(id, upload_id);
    ASSERT_TRUE(status.ok()) << status.error().describe();
  }

  void record_part(Journal& journal, const std::string& upload_id, const JournalPart& p) {
    Status status = journal.record_part(upload_id, p);
    ASSERT_TRUE(status.ok()) << status.error().describe();
  }

  static std::optional<std::string> find(Journal& journal, const UploadIdentity& id) {
    Result<std::optional<std::string>> found = journal.find_upload(id);
    EXPECT_TRUE(found.ok()) << (found.ok() ? "" : found.error().describe());
    return found.ok() ? *found : std::nullopt;
  }

  static std::vector<JournalPart> parts_of(Journal& journal, const std::string& upload_id) {
    Result<std::vector<JournalPart>> parts = journal.parts(upload_id);
    EXPECT_TRUE(parts.ok()) << (parts.ok() ? "" : parts.error().describe());
    return parts.ok() ? *parts : std::vector<JournalPart>{};
  }

  // Runs `sql` on the journal file through a connection of its own, as another program would.
  void run_sql(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(journal_path().c_str(), &db), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db);
    sqlite3_close(db);
  }

  std::string journal_path() const { return state_dir() + "/journal.sqlite"; }

  test::TempDirectory dir;
};

TEST_F(JournalTest, UploadAndPartsRoundTrip) {
  auto journal = open_journal();
  ASSERT_TRUE(journal);
  EXPECT_EQ(journal->path(), journal_path());
  UploadIdentity id = sample_identity();
  EXPECT_EQ(find(*journal, id), std::nullopt);

  record_upload(*journal, id, "upload-1");
  JournalPart first = part(1, "\"a\"", "yZRlqg==");
  JournalPart second = part(2, "\"b\"");
  second.size = 1234;
  record_part(*journal, "upload-1", first);
  record_part(*journal, "upload-1", second);

  EXPECT_EQ(find(*journal, id), "upload-1");
  EXPECT_EQ(parts_of(*journal, "upload-1"), (std::vector<JournalPart>{first, second}));
  EXPECT_EQ(parts_of(*journal, "some-other-upload"), std::vector<JournalPart>{});
}

TEST_F(JournalTest, ExtremeIdentityValuesRoundTrip) {
  auto journal = open_journal();
  ASSERT_TRUE(journal);
  UploadIdentity id = sample_identity();
  id.size = std::numeric_limits<uint64_t>::max();
  id.part_size = (uint64_t{1} << 63) + 5;
  id.mtime_ns = -1'000'000'007;  // before 1970
  id.local_path = "/data/ümlaut 'quoted' \"file\".bin";
  record_upload(*journal, id, "upload-x");
  EXPECT_EQ(find(*journal, id), "upload-x");

  Result<std::vector<std::pair<UploadIdentity, std::string>>> uploads =
      journal->uploads_in("bucket");
  ASSERT_TRUE(uploads.ok()) << uploads.error().describe();
  ASSERT_EQ(uploads->size(), 1u);
  EXPECT_EQ((*uploads)[0].first, id);
  EXPECT_EQ((*uploads)[0].second, "upload-x");
}

TEST_F(JournalTest, AnyDifferenceInTheIdentityFindsNothing) {
  auto journal = open_journal();
  ASSERT_TRUE(journal);
  record_upload(*journal, sample_identity(), "upload-1");

  const std::vector<std::pair<const char*, std::function<void(UploadIdentity&)>>> changes = {
      {"local_path", [](UploadIdentity& id) { id.local_path += ".new"; }},
      {"size", [](UploadIdentity& id) { id.size += 1; }},
      {"mtime_ns", [](UploadIdentity& id) { id.mtime_ns += 1; }},
      {"bucket", [](UploadIdentity& id) { id.bucket = "other-bucket"; }},
      {"key", [](UploadIdentity& id) { id.key += "2"; }},
      {"part_size", [](UploadIdentity& id) { id.part_size *= 2; }},
      {"checksum_algorithm", [](UploadIdentity& id) { id.checksum_algorithm = "none"; }},
  };
  for (const auto& [field, change] : changes) {
    SCOPED_TRACE(field);
    UploadIdentity id = sample_identity();
    change(id);
    EXPECT_EQ(find(*journal, id), std::nullopt);
  }
  EXPECT_EQ(find(*journal, sample_identity()), "upload-1");
}

TEST_F(JournalTest, RecordPartReplacesTheSamePartNumber) {
  auto journal = open_journal();
  ASSERT_TRUE(journal);
  record_upload(*journal, sample_identity(), "upload-1");
  record_part(*journal, "upload-1", part(3, "\"old\"", "old=="));
  JournalPart resent = part(3, "\"new\"", "new==");
  record_part(*journal, "upload-1", resent);
  EXPECT_EQ(parts_of(*journal, "upload-1"), std::vector<JournalPart>{resent});
}

TEST_F(JournalTest, PartsComeBackInAscendingPartNumberOrder) {
  auto journal = open_journal();
  ASSERT_TRUE(journal);
  record_upload(*journal, sample_identity(), "upload-1");
  for (int number : {7, 2, 10, 1, 9}) record_part(*journal, "upload-1", part(number));
  std::vector<int> numbers;
  for (const JournalPart& p : parts_of(*journal, "upload-1")) numbers.push_back(p.part_number);
  EXPECT_EQ(numbers, (std::vector<int>{1, 2, 7, 9, 10}));
}

TEST_F(JournalTest, ForgetRemovesTheUploadAndOnlyItsParts) {
  auto journal = open_journal();
  ASSERT_TRUE(journal);
  UploadIdentity other = sample_identity();
  other.key = "other";
  record_upload(*journal, sample_identity(), "upload-1");
  record_upload(*journal, other, "upload-2");
  record_part(*journal, "upload-1", part(1));
  record_part(*journal, "upload-2", part(1));

  ASSERT_TRUE(journal->forget_upload("upload-1").ok());
  EXPECT_EQ(find(*journal, sample_identity()), std::nullopt);
  EXPECT_EQ(parts_of(*journal, "upload-1"), std::vector<JournalPart>{});
  EXPECT_EQ(find(*journal, other), "upload-2");
  EXPECT_EQ(parts_of(*journal, "upload-2").size(), 1u);
  EXPECT_TRUE(journal->forget_upload("never-recorded").ok());
}

TEST_F(JournalTest, PartOfAnUploadThatIsNotRecordedIsDropped) {
  auto journal = open_journal();
  ASSERT_TRUE(journal);
  record_part(*journal, "never-recorded", part(1));
  EXPECT_EQ(parts_of(*journal, "never-recorded"), std::vector<JournalPart>{});

  // A part confirmed while its upload was being aborted does not bring the upload back.
  record_upload(*journal, sample_identity(), "upload-1");
  ASSERT_TRUE(journal->forget_upload("upload-1").ok());
  record_part(*journal, "upload-1", part(2));
  EXPECT_EQ(parts_of(*journal, "upload-1"), std::vector<JournalPart>{});
}

TEST_F(JournalTest, NewUploadForTheSameIdentityReplacesTheOlderOne) {
  auto journal = open_journal();
  ASSERT_TRUE(journal);
  record_upload(*journal, sample_identity(), "upload-old");
  record_part(*journal, "upload-old", part(1));
  record_upload(*journal, sample_identity(), "upload-new");

  EXPECT_EQ(find(*journal, sample_identity()), "upload-new");
  EXPECT_EQ(parts_of(*journal, "upload-old"), std::vector<JournalPart>{});
  auto uploads = journal->uploads_in("bucket");
  ASSERT_TRUE(uploads.ok());
  EXPECT_EQ(uploads->size(), 1u);
}

TEST_F(JournalTest, RecordingTheSameUploadAgainKeepsItsParts) {
  auto journal = open_journal();
  ASSERT_TRUE(journal);
  record_upload(*journal, sample_identity(), "upload-1");
  record_part(*journal, "upload-1", part(1));
  record_upload(*journal, sample_identity(), "upload-1");
  EXPECT_EQ(find(*journal, sample_identity()), "upload-1");
  EXPECT_EQ(parts_of(*journal, "upload-1"), std::vector<JournalPart>{part(1)});
}

TEST_F(JournalTest, UploadsInListsEveryKeyOfThatBucketOnly) {
  auto journal = open_journal();
  ASSERT_TRUE(journal);
  UploadIdentity b = sample_identity();
  b.key = "b";
  UploadIdentity a = sample_identity();
  a.key = "a";
  UploadIdentity elsewhere = sample_identity();
  elsewhere.bucket = "other-bucket";
  record_upload(*journal, b, "upload-b");
  record_upload(*journal, a, "upload-a");
  record_upload(*journal, elsewhere, "upload-elsewhere");

  auto uploads = journal->uploads_in("bucket");
  ASSERT_TRUE(uploads.ok()) << uploads.error().describe();
  ASSERT_EQ(uploads->size(), 2u);
  EXPECT_EQ((*uploads)[0], std::make_pair(a, std::string("upload-a")));
  EXPECT_EQ((*uploads)[1], std::make_pair(b, std::string("upload-b")));
  auto none = journal->uploads_in("empty-bucket");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST_F(JournalTest, ReopeningKeepsEverything) {
  {
    auto journal = open_journal();
    ASSERT_TRUE(journal);
    record_upload(*journal, sample_identity(), "upload-1");
    record_part(*journal, "upload-1", part(1, "\"a\"", "c1=="));
    record_part(*journal, "upload-1", part(2, "\"b\"", "c2=="));
  }
  auto journal = open_journal();  // as the next `hoist cp` would
  ASSERT_TRUE(journal);
  EXPECT_EQ(find(*journal, sample_identity()), "upload-1");
  EXPECT_EQ(parts_of(*journal, "upload-1"),
            (std::vector<JournalPart>{part(1, "\"a\"", "c1=="), part(2, "\"b\"", "c2==")}));
}

TEST_F(JournalTest, PartsRecordedBeforeKillNineSurvive) {
  pid_t child = ::fork();
  ASSERT_NE(child, -1);
  if (child == 0) {
    // No destructor runs: the connection is never closed and the WAL never checkpointed.
    auto journal = Journal::open(state_dir());
    if (journal.ok() && (*journal)->record_upload(sample_identity(), "upload-1").ok() &&
        (*journal)->record_part("upload-1", part(1)).ok() &&
        (*journal)->record_part("upload-1", part(2)).ok()) {
      ::kill(::getpid(), SIGKILL);
    }
    ::_exit(1);
  }
  int wstatus = 0;
  ASSERT_EQ(::waitpid(child, &wstatus, 0), child);
  ASSERT_TRUE(WIFSIGNALED(wstatus) && WTERMSIG(wstatus) == SIGKILL) << "child status " << wstatus;

  auto journal = open_journal();
  ASSERT_TRUE(journal);
  EXPECT_EQ(find(*journal, sample_identity()), "upload-1");
  EXPECT_EQ(parts_of(*journal, "upload-1"), (std::vector<JournalPart>{part(1), part(2)}));
}

TEST_F(JournalTest, TwoJournalsOnOneDirectorySeeEachOthersRecords) {
  auto first = open_journal();
  auto second = open_journal();
  ASSERT_TRUE(first && second);
  record_upload(*first, sample_identity(), "upload-1");
  record_part(*second, "upload-1", part(1));
  record_part(*first, "upload-1", part(2));
  EXPECT_EQ(find(*second, sample_identity()), "upload-1");
  EXPECT_EQ(parts_of(*second, "upload-1").size(), 2u);
}

TEST_F(JournalTest, ConcurrentRecordPartFromEightThreadsLosesNothing) {
  auto journal = open_journal();
  ASSERT_TRUE(journal);
  record_upload(*journal, sample_identity(), "upload-1");
  constexpr int kThreads = 8;
  constexpr int kPartsPerThread = 250;
  std::vector<int> failures(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      // Interleaved part numbers, as parallel workers finish them.
      for (int i = 0; i < kPartsPerThread; ++i) {
        if (!journal->record_part("upload-1", part(1 + t + i * kThreads)).ok()) ++failures[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  EXPECT_EQ(failures, std::vector<int>(kThreads, 0));
  std::vector<JournalPart> parts = parts_of(*journal, "upload-1");
  ASSERT_EQ(parts.size(), static_cast<size_t>(kThreads * kPartsPerThread));
  for (size_t i = 0; i < parts.size(); ++i) {
    EXPECT_EQ(parts[i], part(static_cast<int>(i) + 1));
  }
}

TEST_F(JournalTest, TenThousandPartsRoundTrip) {
  auto journal = open_journal();
  ASSERT_TRUE(journal);
  record_upload(*journal, sample_identity(), "upload-1");
  constexpr int kMaxParts = 10'000;  // S3's limit on parts in one upload
  for (int number = 1; number <= kMaxParts; ++number) {
    Status status = journal->record_part("upload-1", part(number, "", "AAAAAA=="));
    ASSERT_TRUE(status.ok()) << status.error().describe();
  }
  std::vector<JournalPart> parts = parts_of(*journal, "upload-1");
  ASSERT_EQ(parts.size(), static_cast<size_t>(kMaxParts));
  EXPECT_EQ(parts.front(), part(1, "", "AAAAAA=="));
  EXPECT_EQ(parts.back(), part(kMaxParts, "", "AAAAAA=="));
}

TEST_F(JournalTest, CreatesMissingDirectoriesPrivately) {
  std::string nested = dir.path() + "/cache/hoist";
  Result<std::unique_ptr<Journal>> journal = Journal::open(nested);
  ASSERT_TRUE(journal.ok()) << journal.error().describe();
  EXPECT_EQ(permissions_of(dir.path() + "/cache"), 0700u);
  EXPECT_EQ(permissions_of(nested), 0700u);
  EXPECT_EQ(permissions_of(nested + "/journal.sqlite"), 0600u);
  // SQLite gives its write-ahead log the database file's mode.
  record_upload(**journal, sample_identity(), "upload-1");
  EXPECT_EQ(permissions_of(nested + "/journal.sqlite-wal"), 0600u);
}

TEST_F(JournalTest, OpenWhereNoDirectoryCanBeMadeNamesTheJournal) {
  std::string file = dir.write_file("not-a-directory", "x");
  Result<std::unique_ptr<Journal>> journal = Journal::open(file + "/state");
  ASSERT_FALSE(journal.ok());
  const Error& error = journal.error();
  EXPECT_EQ(error.kind, ErrorKind::kLocal);
  EXPECT_EQ(error.code, "JournalError");
  EXPECT_EQ(error.local_path, file + "/state/journal.sqlite");
  EXPECT_NE(error.message.find(file + "/state/journal.sqlite"), std::string::npos) << error.message;
  EXPECT_NE(error.message.find(file + " is not a directory"), std::string::npos) << error.message;
}

TEST_F(JournalTest, OpenOnARegularFileAsTheDirectoryFails) {
  std::string file = dir.write_file("state", "x");
  Result<std::unique_ptr<Journal>> journal = Journal::open(file);
  ASSERT_FALSE(journal.ok());
  EXPECT_EQ(journal.error().local_path, file + "/journal.sqlite");
  EXPECT_NE(journal.error().message.find(file + " is not a directory"), std::string::npos)
      << journal.error().message;
}

TEST_F(JournalTest, NewerSchemaVersionIsAnErrorNamingTheFile) {
  ASSERT_TRUE(open_journal());
  run_sql("PRAGMA user_version = 99");
  Result<std::unique_ptr<Journal>> journal = Journal::open(state_dir());
  ASSERT_FALSE(journal.ok());
  EXPECT_EQ(journal.error().code, "JournalError");
  EXPECT_EQ(journal.error().local_path, journal_path());
  EXPECT_NE(journal.error().message.find(journal_path()), std::string::npos)
      << journal.error().message;
  EXPECT_NE(journal.error().message.find("99"), std::string::npos) << journal.error().message;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The files in the state directory whose names start with "journal.sqlite.corrupt-".
std::vector<std::string> set_aside_files(const std::string& state_dir) {
  std::vector<std::string> found;
  for (const auto& entry : std::filesystem::directory_iterator(state_dir)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with("journal.sqlite.corrupt-") && !name.ends_with("-wal")) {
      found.push_back(entry.path().string());
    }
  }
  return found;
}

TEST_F(JournalTest, FileThatIsNotADatabaseIsSetAsideAndANewJournalStarted) {
  const std::string garbage(4096, 'z');
  dir.write_file("state/journal.sqlite", garbage);
  std::unique_ptr<Journal> journal = open_journal();
  ASSERT_TRUE(journal);
  const std::vector<std::string> aside = set_aside_files(state_dir());
  ASSERT_EQ(aside.size(), 1u);
  EXPECT_EQ(read_file(aside[0]), garbage);
  // One line naming the damaged file, where it went, and SQLite's reason.
  const std::string& warning = journal->set_aside_warning();
  EXPECT_NE(warning.find(journal_path() + " is damaged"), std::string::npos) << warning;
  EXPECT_NE(warning.find(aside[0]), std::string::npos) << warning;
  EXPECT_NE(warning.find("not a database"), std::string::npos) << warning;
  EXPECT_EQ(warning.find('\n'), std::string::npos) << warning;
  // Nothing could be read from it; the new journal works.
  EXPECT_EQ(journal->take_orphaned("/data/backup.tar", "bucket", "backups/backup.tar"),
            std::vector<std::string>{});
  record_upload(*journal, sample_identity(), "u1");
  EXPECT_EQ(find(*journal, sample_identity()), "u1");
}

TEST_F(JournalTest, SoundJournalIsNotSetAside) {
  record_upload(*open_journal(), sample_identity(), "u1");
  std::unique_ptr<Journal> journal = open_journal();
  ASSERT_TRUE(journal);
  EXPECT_EQ(journal->set_aside_warning(), "");
  EXPECT_EQ(set_aside_files(state_dir()), std::vector<std::string>{});
  EXPECT_EQ(find(*journal, sample_identity()), "u1");
}

TEST_F(JournalTest, TruncatedJournalIsSetAsideKeepingTheUploadIdsItCanStillRead) {
  {
    std::unique_ptr<Journal> journal = open_journal();
    ASSERT_TRUE(journal);
    record_upload(*journal, sample_identity(), "u1");
    // Enough parts that the second half of the file holds only parts.
    for (int n = 1; n <= 3000; ++n) record_part(*journal, "u1", part(n));
  }
  const uint64_t size = std::filesystem::file_size(journal_path());
  ASSERT_EQ(::truncate(journal_path().c_str(), static_cast<off_t>(size / 2)), 0);

  std::unique_ptr<Journal> journal = open_journal();
  ASSERT_TRUE(journal);
  EXPECT_NE(journal->set_aside_warning().find("is damaged"), std::string::npos)
      << journal->set_aside_warning();
  ASSERT_EQ(set_aside_files(state_dir()).size(), 1u);
  EXPECT_EQ(find(*journal, sample_identity()), std::nullopt);  // afresh
  const UploadIdentity id = sample_identity();
  EXPECT_EQ(journal->take_orphaned(id.local_path, "other-bucket", id.key),
            std::vector<std::string>{});
  EXPECT_EQ(journal->take_orphaned(id.local_path, id.bucket, id.key),
            std::vector<std::string>{"u1"});
  EXPECT_EQ(journal->take_orphaned(id.local_path, id.bucket, id.key),
            std::vector<std::string>{});  // handed out once
}

TEST_F(JournalTest, JournalMissingATableIsSetAside) {
  record_upload(*open_journal(), sample_identity(), "u1");
  run_sql("DROP TABLE parts");
  std::unique_ptr<Journal> journal = open_journal();
  ASSERT_TRUE(journal);
  EXPECT_NE(journal->set_aside_warning().find("no such table: parts"), std::string::npos)
      << journal->set_aside_warning();
  EXPECT_EQ(set_aside_files(state_dir()).size(), 1u);
  // Its uploads table was still readable.
  const UploadIdentity id = sample_identity();
  EXPECT_EQ(journal->take_orphaned(id.local_path, id.bucket, id.key),
            std::vector<std::string>{"u1"});
  record_part(*journal, "u1", part(1));  // dropped: the new journal does not know u1
  EXPECT_EQ(parts_of(*journal, "u1"), std::vector<JournalPart>{});
}

// Sets or unsets an environment variable for one test and puts the old value back.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value != nullptr) {
      ::setenv(name, value, 1);
    } else {
      ::unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

std::string default_dir_or_error() {
  Result<std::string> dir = Journal::default_state_dir();
  return dir.ok() ? *dir : "error: " + dir.error().code;
}

TEST(JournalDefaultStateDirTest, AbsoluteXdgCacheHomeWins) {
  ScopedEnv xdg("XDG_CACHE_HOME", "/xdg/cache");
  ScopedEnv home("HOME", "/home/someone");
  EXPECT_EQ(default_dir_or_error(), "/xdg/cache/hoist");
}

TEST(JournalDefaultStateDirTest, HomeWhenXdgCacheHomeIsUnsetEmptyOrRelative) {
  ScopedEnv home("HOME", "/home/someone");
  for (const char* xdg_value : {static_cast<const char*>(nullptr), "", "relative/cache"}) {
    SCOPED_TRACE(xdg_value ? xdg_value : "(unset)");
    ScopedEnv xdg("XDG_CACHE_HOME", xdg_value);
    EXPECT_EQ(default_dir_or_error(), "/home/someone/.cache/hoist");
  }
}

TEST(JournalDefaultStateDirTest, NeitherUsableIsAnError) {
  ScopedEnv xdg("XDG_CACHE_HOME", nullptr);
  for (const char* home_value : {static_cast<const char*>(nullptr), "", "relative/home"}) {
    SCOPED_TRACE(home_value ? home_value : "(unset)");
    ScopedEnv home("HOME", home_value);
    Result<std::string> dir = Journal::default_state_dir();
    ASSERT_FALSE(dir.ok());
    EXPECT_EQ(dir.error().kind, ErrorKind::kLocal);
    EXPECT_EQ(dir.error().code, "JournalError");
  }
}

}  // namespace
}  // namespace hoist::transfer

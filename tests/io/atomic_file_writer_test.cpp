// AtomicFileWriter: a file appears under its name complete or not at all.
#include "io/atomic_file_writer.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "io/fault_injecting_env.h"
#include "tests/io/io_test.h"

namespace hoist::io {
namespace {

using Names = std::vector<std::string>;

class AtomicFileWriterTest : public IoTest {
 protected:
  std::unique_ptr<Env> env_ = new_posix_env();

  // A writer for `name` in the fixture's directory, failing the test when none can be made.
  std::unique_ptr<AtomicFileWriter> writer_for(const std::string& name) {
    std::unique_ptr<AtomicFileWriter> out;
    EXPECT_TRUE(is_ok(AtomicFileWriter::create(env_.get(), path(name), &out)));
    return out;
  }

  static void write(AtomicFileWriter& writer, uint64_t offset, const std::string& data) {
    EXPECT_TRUE(is_ok(writer.write_at(offset, data.data(), data.size())));
  }
};

TEST_F(AtomicFileWriterTest, FileIsInvisibleUnderItsNameUntilCommit) {
  auto writer = writer_for("out.bin");
  ASSERT_TRUE(writer);
  write(*writer, 0, "hello");
  Names before = entries();
  ASSERT_EQ(before.size(), 1u);
  EXPECT_TRUE(before[0].starts_with(".out.bin.hoist-")) << before[0];
  EXPECT_EQ(writer->temp_path(), path(before[0]));
  EXPECT_EQ(contents(writer->temp_path()), "hello");

  ASSERT_TRUE(is_ok(writer->commit()));
  EXPECT_EQ(entries(), Names{"out.bin"});
  EXPECT_EQ(contents(path("out.bin")), "hello");
  writer.reset();
  EXPECT_EQ(entries(), Names{"out.bin"});
}

TEST_F(AtomicFileWriterTest, DestroyingWithoutCommitLeavesNothing) {
  auto writer = writer_for("partial.bin");
  ASSERT_TRUE(writer);
  write(*writer, 0, "half of the data");
  writer.reset();
  EXPECT_EQ(entries(), Names{});
}

TEST_F(AtomicFileWriterTest, ExistingFileKeepsItsContentsUntilCommitReplacesIt) {
  dir.write_file("report.txt", "old contents that are longer");
  auto writer = writer_for("report.txt");
  ASSERT_TRUE(writer);
  write(*writer, 0, "new");
  EXPECT_EQ(contents(path("report.txt")), "old contents that are longer");
  ASSERT_TRUE(is_ok(writer->commit()));
  EXPECT_EQ(contents(path("report.txt")), "new");
  EXPECT_EQ(entries(), Names{"report.txt"});
}

TEST_F(AtomicFileWriterTest, AbandonedWriterLeavesTheExistingFileAlone) {
  dir.write_file("report.txt", "old");
  writer_for("report.txt").reset();
  EXPECT_EQ(contents(path("report.txt")), "old");
  EXPECT_EQ(entries(), Names{"report.txt"});
}

TEST_F(AtomicFileWriterTest, WritesLandAtTheirOffsetsInAnyOrder) {
  auto writer = writer_for("parts.bin");
  ASSERT_TRUE(writer);
  write(*writer, 5, "world");
  write(*writer, 0, "hello");
  write(*writer, 12, "!");
  ASSERT_TRUE(is_ok(writer->commit()));
  EXPECT_EQ(contents(path("parts.bin")), std::string("helloworld\0\0!", 13));
}

TEST_F(AtomicFileWriterTest, SetMtimeSurvivesCommit) {
  constexpr int64_t kMtimeNs = 1'600'000'000'123'456'789;
  auto writer = writer_for("dated.bin");
  ASSERT_TRUE(writer);
  write(*writer, 0, "data");
  ASSERT_TRUE(is_ok(writer->set_mtime(kMtimeNs)));
  ASSERT_TRUE(is_ok(writer->commit()));
  EXPECT_EQ(mtime_ns(path("dated.bin")), kMtimeNs);
}

TEST_F(AtomicFileWriterTest, SetMtimeBeforeTheEpoch) {
  // 1969-12-31T23:59:58.5Z: the seconds round down, the nanoseconds stay positive.
  constexpr int64_t kMtimeNs = -1'500'000'000;
  auto writer = writer_for("old.bin");
  ASSERT_TRUE(writer);
  ASSERT_TRUE(is_ok(writer->set_mtime(kMtimeNs)));
  ASSERT_TRUE(is_ok(writer->commit()));
  EXPECT_EQ(mtime_ns(path("old.bin")), kMtimeNs);
}

TEST_F(AtomicFileWriterTest, ModeFollowsTheUmaskNotMkstemp) {
  mode_t previous = ::umask(027);
  auto writer = writer_for("mode.bin");
  ::umask(previous);
  ASSERT_TRUE(writer);
  ASSERT_TRUE(is_ok(writer->commit()));
  struct stat st {};
  ASSERT_EQ(::stat(path("mode.bin").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0640u);
}

TEST_F(AtomicFileWriterTest, MissingDirectoryFailsNamingTheTarget) {
  std::unique_ptr<AtomicFileWriter> out;
  Status status = AtomicFileWriter::create(env_.get(), path("no/such/dir/file"), &out);
  EXPECT_EQ(status.error, ENOENT);
  EXPECT_EQ(status.message, "create temporary file for " + path("no/such/dir/file") +
                                ": No such file or directory");
  EXPECT_FALSE(out);
}

TEST_F(AtomicFileWriterTest, InjectedSyncFailureFailsCommitAndLeavesNothing) {
  // ENOSPC often surfaces only at fsync (delayed allocation): the file must not appear.
  FaultInjectingEnv faulty(env_.get());
  faulty.add(Fault{FaultOp::kSync, "", kAnyOffset, 0, UINT64_MAX, ENOSPC});
  std::unique_ptr<AtomicFileWriter> writer;
  ASSERT_TRUE(is_ok(AtomicFileWriter::create(&faulty, path("full"), &writer)));
  write(*writer, 0, "bytes that never reach the disk");
  Status committed = writer->commit();
  EXPECT_EQ(committed.error, ENOSPC);
  writer.reset();
  EXPECT_EQ(entries(), Names{});
}

TEST_F(AtomicFileWriterTest, FailedCommitLeavesNoTemporaryFile) {
  // The target is a directory: the rename fails, and the data must not linger beside it.
  ASSERT_EQ(::mkdir(path("taken").c_str(), 0755), 0);
  auto writer = writer_for("taken");
  ASSERT_TRUE(writer);
  write(*writer, 0, "data");
  Status status = writer->commit();
  EXPECT_EQ(status.error, EISDIR);
  EXPECT_EQ(status.message, "rename into " + path("taken") + ": Is a directory");
  writer.reset();
  EXPECT_EQ(entries(), Names{"taken"});
}

// A paused download: keep() leaves the temporary file as it is, and reopen() takes it up
// without truncating it; an uncommitted reopened writer removes it like any other.
TEST_F(AtomicFileWriterTest, AKeptTemporaryFileIsTakenUpAsItIs) {
  auto writer = writer_for("big.bin");
  ASSERT_TRUE(writer);
  write(*writer, 0, "first ");
  const std::string temp = writer->keep();
  writer.reset();
  EXPECT_EQ(entries(), Names{temp.substr(temp.rfind('/') + 1)}) << "kept, not removed";

  std::unique_ptr<AtomicFileWriter> again;
  ASSERT_TRUE(is_ok(AtomicFileWriter::reopen(env_.get(), path("big.bin"), temp, &again)));
  write(*again, 6, "second");
  ASSERT_TRUE(is_ok(again->commit(false)));
  EXPECT_EQ(contents(path("big.bin")), "first second");
  EXPECT_EQ(entries(), Names{"big.bin"});

  auto dropped = writer_for("other.bin");
  const std::string other = dropped->keep();
  dropped.reset();
  ASSERT_TRUE(is_ok(AtomicFileWriter::reopen(env_.get(), path("other.bin"), other, &again)));
  again.reset();
  EXPECT_EQ(entries(), Names{"big.bin"}) << "an uncommitted reopened file is removed";
}

// reopen() takes only a name create() could have made for that target: never the target
// itself, another file's temporary file, or a path elsewhere.
TEST_F(AtomicFileWriterTest, ReopenRefusesWhatIsNotTheTargetsTemporaryFile) {
  std::ofstream(path("victim")) << "keep me";
  auto writer = writer_for("a.bin");
  const std::string temp = writer->keep();
  writer.reset();
  for (const std::string& wrong :
       {path("victim"), path("a.bin"), temp + "/../victim", path(".b.bin.hoist-00ab"),
        path(".a.bin.hoist-"), path(".a.bin.hoist-00x1"), std::string("/etc/passwd")}) {
    std::unique_ptr<AtomicFileWriter> out;
    EXPECT_EQ(AtomicFileWriter::reopen(env_.get(), path("a.bin"), wrong, &out).error, EINVAL)
        << wrong;
  }
  // Named as a temporary file of the target, but a symlink to the victim, or a FIFO (whose
  // open would block): refused, without blocking.
  const std::string link = path(".a.bin.hoist-00ff");
  std::filesystem::create_symlink(path("victim"), link);
  const std::string fifo = path(".a.bin.hoist-00fe");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  for (const std::string& not_a_file : {link, fifo}) {
    std::unique_ptr<AtomicFileWriter> out;
    EXPECT_FALSE(is_ok(AtomicFileWriter::reopen(env_.get(), path("a.bin"), not_a_file, &out)))
        << not_a_file;
  }
  EXPECT_EQ(contents(path("victim")), "keep me");
  EXPECT_EQ(entries().size(), 4u) << "the kept file, the victim, the link, the FIFO";
}

}  // namespace
}  // namespace hoist::io

// The sinks a download writes into: a HashingSink's digest is the content's whatever order
// its pieces come in (CRCs combined) and refuses a gap; without an algorithm it only counts;
// a FileSink shows nothing until commit, then the whole file with the object's mtime and
// mode, and discard leaves nothing behind.
#include "engine/transfer/object_sink.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <span>
#include <string>

#include "engine/transfer/file_mode.h"
#include "engine/transfer/upload_headers.h"
#include "tests/support/temp_directory.h"
#include "tests/support/test_bytes.h"

namespace hoist::transfer {
namespace {

using checksum::Algorithm;

std::string digest_of(Algorithm algorithm, const std::string& data) {
  return checksum::digest_of(algorithm,
                             {reinterpret_cast<const uint8_t*>(data.data()), data.size()})
      .to_base64();
}

// Writes `data` into `sink` in pieces of `piece` bytes, last piece first.
void write_backwards(ObjectSink& sink, const std::string& data, size_t piece) {
  size_t offset = (data.size() - 1) / piece * piece;
  for (;;) {
    const size_t length = std::min(piece, data.size() - offset);
    ASSERT_TRUE(sink.write(nullptr, offset, data.data() + offset, length).ok());
    if (offset == 0) break;
    offset -= piece;
  }
}

TEST(HashingSinkTest, CrcPiecesInAnyOrderGiveTheContentsChecksum) {
  const std::string data = test::xorshift_bytes(1'000'003, 5);
  for (Algorithm algorithm : {Algorithm::crc32, Algorithm::crc32c, Algorithm::crc64nvme}) {
    HashingSink sink(algorithm, "file");
    EXPECT_FALSE(sink.sequential());
    write_backwards(sink, data, 65536);
    ASSERT_TRUE(sink.commit({}, false).ok());
    EXPECT_EQ(sink.digest(), digest_of(algorithm, data)) << checksum::algorithm_name(algorithm);
    EXPECT_EQ(sink.bytes(), data.size());
  }
}

TEST(HashingSinkTest, OtherAlgorithmsTakeTheContentInOrder) {
  const std::string data = test::xorshift_bytes(300'000, 6);
  HashingSink sink(Algorithm::sha256, "file");
  EXPECT_TRUE(sink.sequential());
  for (size_t offset = 0; offset < data.size(); offset += 7000) {
    const size_t length = std::min<size_t>(7000, data.size() - offset);
    ASSERT_TRUE(sink.write(nullptr, offset, data.data() + offset, length).ok());
  }
  ASSERT_TRUE(sink.commit({}, false).ok());
  EXPECT_EQ(sink.digest(), digest_of(Algorithm::sha256, data));
}

TEST(HashingSinkTest, EmptyContentHasTheChecksumOfNoBytes) {
  HashingSink sink(Algorithm::crc64nvme, "file");
  ASSERT_TRUE(sink.commit({}, false).ok());
  EXPECT_EQ(sink.digest(), digest_of(Algorithm::crc64nvme, ""));
  EXPECT_EQ(sink.bytes(), 0u);
}

TEST(HashingSinkTest, AGapInTheContentIsAnError) {
  const std::string data = test::xorshift_bytes(1000, 7);
  HashingSink sink(Algorithm::crc32c, "file");
  ASSERT_TRUE(sink.write(nullptr, 0, data.data(), 400).ok());
  ASSERT_TRUE(sink.write(nullptr, 500, data.data() + 500, 500).ok());
  Status committed = sink.commit({}, false);
  ASSERT_FALSE(committed.ok());
  EXPECT_NE(committed.error().message.find("gap at byte 400"), std::string::npos)
      << committed.error().message;
}

TEST(HashingSinkTest, WithoutAnAlgorithmItOnlyCounts) {
  HashingSink sink(Algorithm::none, "file");
  EXPECT_FALSE(sink.sequential());
  write_backwards(sink, std::string(10000, 'x'), 3000);
  ASSERT_TRUE(sink.commit({}, false).ok());
  EXPECT_EQ(sink.digest(), "");
  EXPECT_EQ(sink.bytes(), 10000u);
}

class FileSinkTest : public ::testing::Test {
 protected:
  // Entries in the directory, temporary files included.
  size_t entries() const {
    return static_cast<size_t>(std::distance(std::filesystem::directory_iterator(dir_.path()),
                                             std::filesystem::directory_iterator()));
  }

  test::TempDirectory dir_;
  std::string target_ = dir_.path() + "/out.bin";
};

TEST_F(FileSinkTest, CommitShowsTheWholeFileWithTheObjectsMtimeAndMode) {
  const std::string data = test::xorshift_bytes(200'000, 8);
  FileSink sink(io::default_env(), target_);
  ASSERT_TRUE(sink.open().ok());
  write_backwards(sink, data, 30000);
  EXPECT_FALSE(std::filesystem::exists(target_));
  s3::ObjectMetadata meta;
  meta.user_metadata.emplace_back(std::string(kMtimeMetadata),
                                  format_mtime(1'700'000'000'250'000'000));
  meta.user_metadata.emplace_back(std::string(kModeMetadata), format_mode(S_IFREG | 0640));
  ASSERT_TRUE(sink.commit(meta, /*durable=*/false).ok());
  std::ifstream in(target_, std::ios::binary);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), data);
  struct stat st {};
  ASSERT_EQ(::stat(target_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mtim.tv_sec, 1700000000);
  EXPECT_EQ(st.st_mtim.tv_nsec, 250000000);
  EXPECT_EQ(st.st_mode & 0777, 0640u);
  EXPECT_EQ(entries(), 1u);  // no temporary file left beside it
}

TEST_F(FileSinkTest, DiscardLeavesNothing) {
  FileSink sink(io::default_env(), target_);
  ASSERT_TRUE(sink.open().ok());
  ASSERT_TRUE(sink.write(nullptr, 0, "abc", 3).ok());
  EXPECT_EQ(entries(), 1u);  // the temporary file
  sink.discard();
  sink.discard();  // harmless twice
  EXPECT_EQ(entries(), 0u);
}

TEST_F(FileSinkTest, ADirectoryThatIsMissingFailsToOpenNamingThePath) {
  const std::string path = dir_.path() + "/missing/out.bin";
  FileSink sink(io::default_env(), path);
  Status opened = sink.open();
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().kind, ErrorKind::kLocal);
  EXPECT_EQ(opened.error().local_path, path);
  EXPECT_NE(opened.error().message.find("No such file"), std::string::npos)
      << opened.error().message;
}

}  // namespace
}  // namespace hoist::transfer

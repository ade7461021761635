// ChangeRule: whether a file and an object count as the same, in each compare mode and direction,
// with and without x-amz-meta-mtime.
#include "engine/sync/change_rule.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>

namespace hoist::sync {
namespace {

constexpr int64_t kSecond = 1'000'000'000;
constexpr int64_t kBase = 1'700'000'000 * kSecond;  // a whole second

io::FileStat file_of(uint64_t size, int64_t mtime_ns) {
  io::FileStat stat;
  stat.size = size;
  stat.mtime_ns = mtime_ns;
  stat.is_regular = true;
  return stat;
}

ObjectState object_of(uint64_t size, std::optional<int64_t> mtime_ns, int64_t last_modified_ns) {
  ObjectState object;
  object.size = size;
  object.mtime_ns = mtime_ns;
  object.last_modified_ns = last_modified_ns;
  return object;
}

ChangeRule rule(SyncCompare compare, Direction direction, bool exact_timestamps = false) {
  ChangeRule r;
  r.compare = compare;
  r.direction = direction;
  r.exact_timestamps = exact_timestamps;
  return r;
}

ChangeRule upload() { return rule(SyncCompare::kSizeAndMtime, Direction::kUpload); }
ChangeRule download(bool exact = false) {
  return rule(SyncCompare::kSizeAndMtime, Direction::kDownload, exact);
}

TEST(ChangeRule, SizeDiffersIsAChangeInEveryMode) {
  const io::FileStat file = file_of(10, kBase);
  const ObjectState object = object_of(11, kBase, kBase);
  for (SyncCompare compare :
       {SyncCompare::kSizeAndMtime, SyncCompare::kSizeOnly, SyncCompare::kChecksum}) {
    for (Direction direction : {Direction::kUpload, Direction::kDownload}) {
      EXPECT_EQ(rule(compare, direction).change_reason(file, object), "size differs")
          << static_cast<int>(compare) << " " << static_cast<int>(direction);
    }
  }
}

TEST(ChangeRule, SizeOnlyIgnoresEveryTime) {
  const io::FileStat file = file_of(10, kBase + 500 * kSecond);
  for (Direction direction : {Direction::kUpload, Direction::kDownload}) {
    ChangeRule r = rule(SyncCompare::kSizeOnly, direction, /*exact_timestamps=*/true);
    EXPECT_EQ(r.change_reason(file, object_of(10, kBase, kBase)), std::nullopt);
    EXPECT_EQ(r.change_reason(file, object_of(10, std::nullopt, kBase)), std::nullopt);
    EXPECT_EQ(r.change_reason(file, object_of(10, std::nullopt, kBase + 900 * kSecond)),
              std::nullopt);
  }
}

TEST(ChangeRule, ChecksumModeComparesOnlySizesHere) {
  // The checksums themselves are compared by the caller after a size match: here times must
  // not decide anything.
  const io::FileStat file = file_of(10, kBase + 500 * kSecond);
  for (Direction direction : {Direction::kUpload, Direction::kDownload}) {
    ChangeRule r = rule(SyncCompare::kChecksum, direction, /*exact_timestamps=*/true);
    EXPECT_EQ(r.change_reason(file, object_of(10, kBase, kBase)), std::nullopt);
    EXPECT_EQ(r.change_reason(file, object_of(10, std::nullopt, kBase)), std::nullopt);
    EXPECT_EQ(r.change_reason(file, object_of(9, std::nullopt, kBase)), "size differs");
  }
}

TEST(ChangeRule, EqualMetaMtimeIsUnchangedWhateverLastModifiedSays) {
  const int64_t mtime = kBase + 123'456'789;
  const io::FileStat file = file_of(10, mtime);
  // LastModified (when the upload happened) far after and far before the file's mtime.
  for (int64_t last_modified : {mtime + 3600 * kSecond, mtime - 3600 * kSecond}) {
    EXPECT_EQ(upload().change_reason(file, object_of(10, mtime, last_modified)), std::nullopt);
    EXPECT_EQ(download().change_reason(file, object_of(10, mtime, last_modified)), std::nullopt);
    EXPECT_EQ(download(true).change_reason(file, object_of(10, mtime, last_modified)),
              std::nullopt);
  }
}

TEST(ChangeRule, MetaMtimeDifferingInEitherDirectionIsAChange) {
  const int64_t mtime = kBase + 123'456'789;
  const io::FileStat file = file_of(10, mtime);
  for (int64_t object_mtime : {mtime + 10 * kSecond, mtime - 10 * kSecond}) {
    EXPECT_EQ(upload().change_reason(file, object_of(10, object_mtime, mtime)), "mtime differs");
    EXPECT_EQ(download().change_reason(file, object_of(10, object_mtime, mtime)), "mtime differs");
  }
}

TEST(ChangeRule, MetaMtimeIsComparedToTheNanosecond) {
  const int64_t mtime = kBase + 123'456'789;
  const io::FileStat file = file_of(10, mtime);
  EXPECT_EQ(upload().change_reason(file, object_of(10, mtime + 1, mtime)), "mtime differs");
  EXPECT_EQ(upload().change_reason(file, object_of(10, mtime - 1, mtime)), "mtime differs");
  EXPECT_EQ(download().change_reason(file, object_of(10, mtime + 1, mtime)), "mtime differs");
  EXPECT_EQ(download().change_reason(file, object_of(10, mtime - 1, mtime)), "mtime differs");
}

TEST(ChangeRule, UploadWithoutMetaMtimeCopiesOnlyANewerFile) {
  const io::FileStat file = file_of(10, kBase);
  EXPECT_EQ(upload().change_reason(file, object_of(10, std::nullopt, kBase - kSecond)), "newer");
  EXPECT_EQ(upload().change_reason(file, object_of(10, std::nullopt, kBase)), std::nullopt);
  // An object written after the file last changed is the file's upload.
  EXPECT_EQ(upload().change_reason(file, object_of(10, std::nullopt, kBase + kSecond)),
            std::nullopt);
}

TEST(ChangeRule, UploadWithoutMetaMtimeIgnoresSubSecondDifferences) {
  // LastModified has whole seconds; a file changed within the second of the upload is not
  // newer than it.
  EXPECT_EQ(
      upload().change_reason(file_of(10, kBase + 999'999'999), object_of(10, std::nullopt, kBase)),
      std::nullopt);
  EXPECT_EQ(
      upload().change_reason(file_of(10, kBase + kSecond), object_of(10, std::nullopt, kBase)),
      "newer");
  EXPECT_EQ(upload().change_reason(file_of(10, kBase + kSecond),
                                   object_of(10, std::nullopt, kBase + 999'000'000)),
            "newer");
}

TEST(ChangeRule, UploadIgnoresExactTimestamps) {
  // --exact-timestamps is a download option: an upload still copies only newer files.
  ChangeRule r = rule(SyncCompare::kSizeAndMtime, Direction::kUpload, /*exact_timestamps=*/true);
  EXPECT_EQ(r.change_reason(file_of(10, kBase), object_of(10, std::nullopt, kBase + kSecond)),
            std::nullopt);
}

TEST(ChangeRule, DownloadWithoutMetaMtimeCopiesOnlyANewerObject) {
  const io::FileStat file = file_of(10, kBase);
  EXPECT_EQ(download().change_reason(file, object_of(10, std::nullopt, kBase + kSecond)), "newer");
  EXPECT_EQ(download().change_reason(file, object_of(10, std::nullopt, kBase)), std::nullopt);
  EXPECT_EQ(download().change_reason(file, object_of(10, std::nullopt, kBase - kSecond)),
            std::nullopt);
}

TEST(ChangeRule, DownloadWithoutMetaMtimeIgnoresSubSecondDifferences) {
  EXPECT_EQ(download().change_reason(file_of(10, kBase),
                                     object_of(10, std::nullopt, kBase + 999'999'999)),
            std::nullopt);
  EXPECT_EQ(download().change_reason(file_of(10, kBase + 999'999'999),
                                     object_of(10, std::nullopt, kBase + kSecond)),
            "newer");
}

TEST(ChangeRule, DownloadWithExactTimestampsCopiesWhenTheSecondsDifferAtAll) {
  const io::FileStat file = file_of(10, kBase);
  EXPECT_EQ(download(true).change_reason(file, object_of(10, std::nullopt, kBase + kSecond)),
            "mtime differs");
  EXPECT_EQ(download(true).change_reason(file, object_of(10, std::nullopt, kBase - kSecond)),
            "mtime differs");
  EXPECT_EQ(download(true).change_reason(file, object_of(10, std::nullopt, kBase)), std::nullopt);
  // Still to the second, as LastModified is known: a difference within one second is none.
  EXPECT_EQ(download(true).change_reason(file_of(10, kBase + 250'000'000),
                                         object_of(10, std::nullopt, kBase + 750'000'000)),
            std::nullopt);
}

TEST(ChangeRule, TimesBefore1970RoundDownToTheirSecond) {
  // -0.2 s and -0.9 s are both in the second [-1 s, 0): the same second. Truncating toward
  // zero instead would put -0.2 s in second 0 together with +0.3 s.
  EXPECT_EQ(
      upload().change_reason(file_of(10, -200'000'000), object_of(10, std::nullopt, -900'000'000)),
      std::nullopt);
  EXPECT_EQ(
      upload().change_reason(file_of(10, 300'000'000), object_of(10, std::nullopt, -200'000'000)),
      "newer");
  EXPECT_EQ(
      download().change_reason(file_of(10, -200'000'000), object_of(10, std::nullopt, 300'000'000)),
      "newer");
  EXPECT_EQ(download(true).change_reason(file_of(10, -kSecond), object_of(10, std::nullopt, -1)),
            std::nullopt);
  EXPECT_EQ(download(true).change_reason(file_of(10, -kSecond - 1),
                                         object_of(10, std::nullopt, -kSecond)),
            "mtime differs");
  EXPECT_EQ(upload().change_reason(file_of(10, -5 * kSecond + 1),
                                   object_of(10, std::nullopt, -5 * kSecond - 1)),
            "newer");
}

TEST(ChangeRule, NegativeMetaMtimeIsComparedExactly) {
  const int64_t mtime = -86'400 * kSecond - 1;  // 1969-12-30, just before midnight
  EXPECT_EQ(upload().change_reason(file_of(10, mtime), object_of(10, mtime, kBase)), std::nullopt);
  EXPECT_EQ(upload().change_reason(file_of(10, mtime), object_of(10, mtime + 1, kBase)),
            "mtime differs");
}

}  // namespace
}  // namespace hoist::sync

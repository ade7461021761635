// S3's archive rules as `hoist serve` applies them: which storage classes a PUT may name, when
// an archived object may be read, x-amz-restore, and when a restored copy expires.
#include "tools/serve/archive_rules.h"

#include <gtest/gtest.h>

namespace hoist::serve {
namespace {

constexpr int64_t kSecond = 1'000'000'000;
constexpr int64_t kDay = 86'400 * kSecond;

ObjectInfo object_in(const std::string& storage_class, ObjectRestore restore = {}) {
  ObjectInfo info;
  info.attributes.storage_class = storage_class;
  info.restore = restore;
  return info;
}

TEST(ArchiveRules, KnownStorageClassesAreAcceptedOthersAreInvalidStorageClass) {
  for (const char* name : {"", "STANDARD", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING",
                           "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE", "REDUCED_REDUNDANCY"}) {
    ObjectAttributes a;
    a.storage_class = name;
    EXPECT_TRUE(check_storage_class(a).ok()) << name;
  }
  for (const char* name : {"standard", "FOO", "GLACIER "}) {
    ObjectAttributes a;
    a.storage_class = name;
    Status checked = check_storage_class(a);
    ASSERT_FALSE(checked.ok()) << name;
    EXPECT_EQ(checked.error().code, "InvalidStorageClass");
    EXPECT_EQ(checked.error().http_status, 400);
  }
}

TEST(ArchiveRules, OnlyGlacierAndDeepArchiveNeedARestoreToBeRead) {
  const int64_t now = 1000 * kDay;
  for (const char* name : {"", "STANDARD", "GLACIER_IR", "STANDARD_IA", "INTELLIGENT_TIERING"}) {
    EXPECT_TRUE(check_readable(object_in(name), now).ok()) << name;
  }
  for (const char* name : {"GLACIER", "DEEP_ARCHIVE"}) {
    Status refused = check_readable(object_in(name), now);
    ASSERT_FALSE(refused.ok()) << name;
    EXPECT_EQ(refused.error().code, "InvalidObjectState");
    EXPECT_EQ(refused.error().http_status, 403);
  }
}

TEST(ArchiveRules, RestoreIsInProgressThenReadableUntilItExpires) {
  const ObjectRestore restore{100 * kDay, 103 * kDay};
  EXPECT_EQ(restore_state({}, 0), RestoreState::kNone);
  EXPECT_EQ(restore_state(restore, 100 * kDay - 1), RestoreState::kInProgress);
  EXPECT_EQ(restore_state(restore, 100 * kDay), RestoreState::kRestored);
  EXPECT_EQ(restore_state(restore, 103 * kDay - 1), RestoreState::kRestored);
  EXPECT_EQ(restore_state(restore, 103 * kDay), RestoreState::kNone);

  EXPECT_FALSE(check_readable(object_in("GLACIER", restore), 100 * kDay - 1).ok());
  EXPECT_TRUE(check_readable(object_in("GLACIER", restore), 101 * kDay).ok());
  EXPECT_FALSE(check_readable(object_in("GLACIER", restore), 103 * kDay).ok());
}

TEST(ArchiveRules, RestoreHeaderSaysOngoingThenTheExpiry) {
  const ObjectRestore restore{100 * kDay, 103 * kDay};
  EXPECT_FALSE(restore_header({}, 0).has_value());
  EXPECT_EQ(restore_header(restore, 99 * kDay), "ongoing-request=\"true\"");
  // Day 103 after the epoch is Tuesday 14 April 1970.
  EXPECT_EQ(restore_header(restore, 101 * kDay),
            "ongoing-request=\"false\", expiry-date=\"Tue, 14 Apr 1970 00:00:00 GMT\"");
  EXPECT_FALSE(restore_header(restore, 104 * kDay).has_value());
}

TEST(ArchiveRules, ExpiryIsTheDaysAfterCompletionRoundedUpToMidnight) {
  EXPECT_EQ(restore_expiry(10 * kDay + 5 * kSecond, 2), 13 * kDay);
  EXPECT_EQ(restore_expiry(10 * kDay + kDay - 1, 1), 12 * kDay);
  // A huge number of days stays within what int64 nanoseconds can hold.
  EXPECT_GT(restore_expiry(10 * kDay, 2'000'000'000), 10 * kDay);
}

}  // namespace
}  // namespace hoist::serve

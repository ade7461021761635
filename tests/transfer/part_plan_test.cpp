// plan_parts and friends at every boundary S3's limits draw: empty, threshold, 10,000 parts,
// 5 TiB, and part sizes just inside and outside [5 MiB, 5 GiB].
#include "engine/transfer/part_plan.h"

#include <gtest/gtest.h>

#include <cstdint>

#include "hoist/transfer.h"

namespace hoist::transfer {
namespace {

constexpr uint64_t kMiB = 1ull << 20;
constexpr uint64_t kGiB = 1ull << 30;
constexpr uint64_t kTiB = 1ull << 40;

PartPlan plan(uint64_t size, uint64_t part_size = 0,
              uint64_t threshold = kDefaultMultipartThreshold) {
  Result<PartPlan> result = plan_parts(size, part_size, threshold);
  EXPECT_TRUE(result.ok()) << result.error().describe();
  return result.ok() ? *result : PartPlan{};
}

// Every multipart plan must satisfy S3: parts cover the object exactly, in order, each but
// the last at least 5 MiB, none above 5 GiB, at most 10,000 of them.
void expect_valid_for_s3(const PartPlan& p, uint64_t size) {
  ASSERT_GE(p.part_count, 1u);
  EXPECT_LE(p.part_count, kMaxPartCount);
  EXPECT_LE(p.part_size, kMaxPartSize);
  if (p.multipart) {
    EXPECT_GE(p.part_size, kMinPartSize);
  }
  uint64_t covered = 0;
  for (uint32_t i = 0; i < p.part_count; ++i) {
    EXPECT_EQ(p.part_offset(i), covered) << "part " << i;
    const uint64_t length = p.part_length(i, size);
    if (i + 1 < p.part_count) {
      EXPECT_EQ(length, p.part_size) << "part " << i;
    } else {
      EXPECT_GE(length, size == 0 ? 0u : 1u);
      EXPECT_LE(length, p.part_size);
    }
    covered += length;
  }
  EXPECT_EQ(covered, size);
}

TEST(PartPlanTest, EmptyObjectIsOnePut) {
  PartPlan p = plan(0);
  EXPECT_FALSE(p.multipart);
  EXPECT_EQ(p.part_count, 1u);
  EXPECT_EQ(p.part_size, 0u);
  EXPECT_EQ(p.part_offset(0), 0u);
  EXPECT_EQ(p.part_length(0, 0), 0u);
}

TEST(PartPlanTest, EmptyObjectIsOnePutEvenWithThresholdZero) {
  PartPlan p = plan(0, 0, 0);
  EXPECT_FALSE(p.multipart);
  EXPECT_EQ(p.part_count, 1u);
}

TEST(PartPlanTest, OneByteIsOnePut) {
  PartPlan p = plan(1);
  EXPECT_FALSE(p.multipart);
  EXPECT_EQ(p.part_count, 1u);
  EXPECT_EQ(p.part_size, 1u);
  EXPECT_EQ(p.part_length(0, 1), 1u);
}

TEST(PartPlanTest, JustBelowThresholdIsOnePut) {
  const uint64_t threshold = 16 * kMiB;
  PartPlan p = plan(threshold - 1, 0, threshold);
  EXPECT_FALSE(p.multipart);
  EXPECT_EQ(p.part_count, 1u);
  EXPECT_EQ(p.part_size, threshold - 1);
  expect_valid_for_s3(p, threshold - 1);
}

TEST(PartPlanTest, AtThresholdIsMultipart) {
  const uint64_t threshold = 16 * kMiB;
  PartPlan p = plan(threshold, 0, threshold);
  EXPECT_TRUE(p.multipart);
  EXPECT_EQ(p.part_size, kDefaultPartSize);
  EXPECT_EQ(p.part_count, 2u);
  expect_valid_for_s3(p, threshold);
}

TEST(PartPlanTest, DefaultThresholdBoundary) {
  EXPECT_FALSE(plan(kMinPartSize).multipart);
  EXPECT_FALSE(plan(kDefaultMultipartThreshold - 1).multipart);
  PartPlan p = plan(kDefaultMultipartThreshold);
  EXPECT_TRUE(p.multipart);
  EXPECT_EQ(p.part_count, 1u);  // exactly one full default-size part
  expect_valid_for_s3(p, kDefaultMultipartThreshold);
}

TEST(PartPlanTest, ThresholdZeroMakesEveryNonEmptyObjectMultipart) {
  PartPlan p = plan(1, 0, 0);
  EXPECT_TRUE(p.multipart);
  EXPECT_EQ(p.part_count, 1u);
  EXPECT_EQ(p.part_size, kDefaultPartSize);
  EXPECT_EQ(p.part_length(0, 1), 1u);
}

TEST(PartPlanTest, MinimumPartSizeObjectAtThreshold) {
  PartPlan p = plan(kMinPartSize, kMinPartSize, kMinPartSize);
  EXPECT_TRUE(p.multipart);
  EXPECT_EQ(p.part_size, kMinPartSize);
  EXPECT_EQ(p.part_count, 1u);
  expect_valid_for_s3(p, kMinPartSize);
}

TEST(PartPlanTest, LastPartIsTheRemainder) {
  const uint64_t size = 3 * kDefaultPartSize + 12345;
  PartPlan p = plan(size);
  EXPECT_TRUE(p.multipart);
  EXPECT_EQ(p.part_count, 4u);
  EXPECT_EQ(p.part_offset(3), 3 * kDefaultPartSize);
  EXPECT_EQ(p.part_length(3, size), 12345u);
  EXPECT_EQ(p.part_length(2, size), kDefaultPartSize);
  expect_valid_for_s3(p, size);
}

TEST(PartPlanTest, ExactMultipleHasFullLastPart) {
  const uint64_t size = 7 * kDefaultPartSize;
  PartPlan p = plan(size);
  EXPECT_EQ(p.part_count, 7u);
  EXPECT_EQ(p.part_length(6, size), kDefaultPartSize);
  expect_valid_for_s3(p, size);
}

TEST(PartPlanTest, ExplicitPartSizeIsUsed) {
  const uint64_t size = 100 * kMiB;
  PartPlan p = plan(size, 16 * kMiB);
  EXPECT_EQ(p.part_size, 16 * kMiB);
  EXPECT_EQ(p.part_count, 7u);  // 6 * 16 MiB + 4 MiB
  EXPECT_EQ(p.part_length(6, size), 4 * kMiB);
  expect_valid_for_s3(p, size);
}

TEST(PartPlanTest, TenThousandDefaultPartsKeepTheDefaultSize) {
  const uint64_t size = kDefaultPartSize * kMaxPartCount;
  PartPlan p = plan(size);
  EXPECT_EQ(p.part_size, kDefaultPartSize);
  EXPECT_EQ(p.part_count, kMaxPartCount);
  expect_valid_for_s3(p, size);
}

TEST(PartPlanTest, OneByteOverTenThousandPartsRaisesThePartSizeByAWholeMiB) {
  const uint64_t size = kDefaultPartSize * kMaxPartCount + 1;
  PartPlan p = plan(size);
  EXPECT_EQ(p.part_size, kDefaultPartSize + kMiB);
  EXPECT_EQ(p.part_size % kMiB, 0u);
  EXPECT_LE(p.part_count, kMaxPartCount);
  expect_valid_for_s3(p, size);
}

TEST(PartPlanTest, RaisedPartSizeIsTheSmallestWholeMiBThatFits) {
  for (uint64_t size : {100 * kGiB, 100 * kGiB + 1, 1 * kTiB - 1, 1 * kTiB, 3 * kTiB + 77}) {
    PartPlan p = plan(size);
    EXPECT_EQ(p.part_size % kMiB, 0u) << size;
    EXPECT_LE(p.part_count, kMaxPartCount) << size;
    // One MiB less would not fit.
    const uint64_t smaller = p.part_size - kMiB;
    EXPECT_GT((size + smaller - 1) / smaller, kMaxPartCount) << size;
    expect_valid_for_s3(p, size);
  }
}

TEST(PartPlanTest, SmallExplicitPartSizeIsRaisedToo) {
  const uint64_t size = kMinPartSize * kMaxPartCount + 1;
  PartPlan p = plan(size, kMinPartSize);
  EXPECT_GT(p.part_size, kMinPartSize);
  EXPECT_LE(p.part_count, kMaxPartCount);
  expect_valid_for_s3(p, size);
}

TEST(PartPlanTest, FiveTebibytesIsAllowed) {
  PartPlan p = plan(kMaxObjectSize);
  EXPECT_TRUE(p.multipart);
  EXPECT_LE(p.part_count, kMaxPartCount);
  EXPECT_LE(p.part_size, kMaxPartSize);
  EXPECT_EQ(p.part_size, 525 * kMiB);  // ceil(5 TiB / 10,000) = 524.3 MiB, rounded up
  EXPECT_EQ(p.part_count, 9987u);
  expect_valid_for_s3(p, kMaxObjectSize);
}

TEST(PartPlanTest, FiveTebibytesWithLargestPartSize) {
  PartPlan p = plan(kMaxObjectSize, kMaxPartSize);
  EXPECT_EQ(p.part_size, kMaxPartSize);
  EXPECT_EQ(p.part_count, 1024u);
  expect_valid_for_s3(p, kMaxObjectSize);
}

TEST(PartPlanTest, OverFiveTebibytesIsRefused) {
  Result<PartPlan> p = plan_parts(kMaxObjectSize + 1, 0, kDefaultMultipartThreshold);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().kind, ErrorKind::kInvalid);
  EXPECT_EQ(p.error().code, "EntityTooLarge");
  EXPECT_NE(p.error().message.find("5497558138881 bytes"), std::string::npos) << p.error().message;
  EXPECT_NE(p.error().message.find("5 TiB"), std::string::npos) << p.error().message;
  EXPECT_FALSE(plan_parts(UINT64_MAX, kMaxPartSize, 0).ok());
}

TEST(PartPlanTest, ThresholdAboveFiveGibibytesStillSendsLargeObjectsAsMultipart) {
  // One PutObject carries at most 5 GiB, whatever threshold the user chose.
  EXPECT_FALSE(plan(kMaxPartSize, 0, 10 * kGiB).multipart);
  PartPlan p = plan(kMaxPartSize + 1, 0, 10 * kGiB);
  EXPECT_TRUE(p.multipart);
  expect_valid_for_s3(p, kMaxPartSize + 1);
}

TEST(PartPlanTest, ValidPartSizes) {
  EXPECT_TRUE(validate_part_size(0).ok());
  EXPECT_TRUE(validate_part_size(kMinPartSize).ok());
  EXPECT_TRUE(validate_part_size(kDefaultPartSize).ok());
  EXPECT_TRUE(validate_part_size(kMaxPartSize).ok());
}

TEST(PartPlanTest, PartSizeBelowMinimumIsRefused) {
  Status s = validate_part_size(4 * kMiB);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::kInvalid);
  EXPECT_EQ(s.error().code, "InvalidPartSize");
  EXPECT_EQ(s.error().message, "part size 4 MiB is below S3's 5 MiB minimum");

  Status just_below = validate_part_size(kMinPartSize - 1);
  ASSERT_FALSE(just_below.ok());
  EXPECT_EQ(just_below.error().message, "part size 5242879 bytes is below S3's 5 MiB minimum");
  EXPECT_EQ(validate_part_size(1).error().message, "part size 1 byte is below S3's 5 MiB minimum");
}

TEST(PartPlanTest, PartSizeAboveMaximumIsRefused) {
  Status s = validate_part_size(kMaxPartSize + 1);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::kInvalid);
  EXPECT_EQ(s.error().code, "InvalidPartSize");
  EXPECT_EQ(s.error().message, "part size 5368709121 bytes is above S3's 5 GiB maximum");
  EXPECT_EQ(validate_part_size(6 * kGiB).error().message,
            "part size 6 GiB is above S3's 5 GiB maximum");
}

TEST(PartPlanTest, PlanRefusesAnInvalidPartSizeEvenForSmallObjects) {
  Result<PartPlan> small = plan_parts(1, 4 * kMiB, kDefaultMultipartThreshold);
  ASSERT_FALSE(small.ok());
  EXPECT_EQ(small.error().code, "InvalidPartSize");
  Result<PartPlan> large = plan_parts(kGiB, kMaxPartSize + 1, kDefaultMultipartThreshold);
  ASSERT_FALSE(large.ok());
  EXPECT_EQ(large.error().code, "InvalidPartSize");
}

TEST(PartPlanTest, StreamOfUnknownSizeKeepsTheRequestedSize) {
  EXPECT_EQ(stream_part_size(0, 0), kDefaultPartSize);
  EXPECT_EQ(stream_part_size(0, 64 * kMiB), 64 * kMiB);
}

TEST(PartPlanTest, StreamWithExpectedSizeFitsInTenThousandParts) {
  EXPECT_EQ(stream_part_size(kDefaultPartSize * kMaxPartCount, 0), kDefaultPartSize);
  EXPECT_EQ(stream_part_size(kDefaultPartSize * kMaxPartCount + 1, 0), kDefaultPartSize + kMiB);
  EXPECT_EQ(stream_part_size(kMaxObjectSize, 0), 525 * kMiB);
  EXPECT_EQ(stream_part_size(1, kMinPartSize), kMinPartSize);
  // Beyond what S3 can store the size stops at 5 GiB; the upload fails when it gets there.
  EXPECT_EQ(stream_part_size(UINT64_MAX, 0), kMaxPartSize);
}

}  // namespace
}  // namespace hoist::transfer

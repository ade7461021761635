// The mtime metadata hoist writes must read back exactly, and read what rclone writes.
#include "engine/transfer/upload_headers.h"

#include <gtest/gtest.h>

namespace hoist::transfer {
namespace {

TEST(MtimeMetadata, FormatsSecondsWithNineDigitsOfNanoseconds) {
  EXPECT_EQ(format_mtime(981173106'123456789), "981173106.123456789");
  EXPECT_EQ(format_mtime(0), "0.000000000");
  EXPECT_EQ(format_mtime(1'500'000'000), "1.500000000");
}

TEST(MtimeMetadata, TimesBeforeTheEpochRoundTrip) {
  EXPECT_EQ(format_mtime(-1), "-0.000000001");
  for (int64_t ns : {int64_t{-1}, int64_t{-1'000'000'000}, int64_t{-1'500'000'001}}) {
    auto parsed = parse_mtime(format_mtime(ns));
    ASSERT_TRUE(parsed.has_value()) << format_mtime(ns);
    EXPECT_EQ(*parsed, ns) << format_mtime(ns);
  }
}

TEST(MtimeMetadata, ReadsShorterFractionsAsRcloneMayWriteThem) {
  EXPECT_EQ(parse_mtime("1700000000"), 1'700'000'000'000'000'000);
  EXPECT_EQ(parse_mtime("1700000000.5"), 1'700'000'000'500'000'000);
  EXPECT_EQ(parse_mtime("1700000000.123456789"), 1'700'000'000'123'456'789);
}

TEST(MtimeMetadata, RefusesWhatIsNotATime) {
  for (const char* text : {"", ".", "1.", ".5", "abc", "1.2.3", "1e9", "12345678901234",
                           "1.1234567890", "1.-5", " 1"}) {
    EXPECT_FALSE(parse_mtime(text).has_value()) << "'" << text << "'";
  }
}

TEST(ObjectHeaders, CarryContentTypeAndMtime) {
  io::FileStat stat;
  stat.mtime_ns = 42'000000007;
  http::Headers headers = object_headers("", stat);
  EXPECT_EQ(http::find_header(headers, "content-type"), "application/octet-stream");
  EXPECT_EQ(http::find_header(headers, "x-amz-meta-mtime"), "42.000000007");
  EXPECT_EQ(http::find_header(object_headers("text/plain", stat), "Content-Type"), "text/plain");
}

}  // namespace
}  // namespace hoist::transfer

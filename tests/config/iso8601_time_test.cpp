#include "engine/config/iso8601_time.h"

#include <gtest/gtest.h>

namespace hoist::config {
namespace {

using namespace std::chrono;

system_clock::time_point at(int y, unsigned mo, unsigned d, int h, int mi, int s) {
  return sys_days(year(y) / month(mo) / day(d)) + hours(h) + minutes(mi) + seconds(s);
}

TEST(Iso8601Time, ParsesUtc) {
  EXPECT_EQ(parse_iso8601_time("2024-05-01T12:34:56Z"), at(2024, 5, 1, 12, 34, 56));
  EXPECT_EQ(parse_iso8601_time("1970-01-01T00:00:00Z"), system_clock::time_point());
}

TEST(Iso8601Time, ParsesFractionsAndOffsets) {
  EXPECT_EQ(parse_iso8601_time("2024-05-01T12:34:56.250Z"), at(2024, 5, 1, 12, 34, 56) + milliseconds(250));
  EXPECT_EQ(parse_iso8601_time("2024-05-01T14:34:56+02:00"), at(2024, 5, 1, 12, 34, 56));
  EXPECT_EQ(parse_iso8601_time("2024-05-01T07:04:56-05:30"), at(2024, 5, 1, 12, 34, 56));
  EXPECT_EQ(parse_iso8601_time("2024-02-29t00:00:00z"), at(2024, 2, 29, 0, 0, 0));
}

TEST(Iso8601Time, RejectsOtherText) {
  for (const char* text : {"", "2024-05-01", "2024-05-01T12:34:56", "2024-05-01 12:34:56Z",
                           "2024-13-01T00:00:00Z", "2023-02-29T00:00:00Z", "2024-05-01T24:00:00Z",
                           "2024-05-01T12:34:56.Z", "2024-05-01T12:34:56Zjunk", "1714566896"}) {
    EXPECT_EQ(parse_iso8601_time(text), std::nullopt) << text;
  }
}

}  // namespace
}  // namespace hoist::config

// The dates S3 sends in Last-Modified headers: RFC 1123 to nanoseconds since the epoch, and
// anything else refused rather than read as a wrong time.
#include "engine/s3/http_date.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>

namespace hoist::s3 {
namespace {

constexpr int64_t kSecond = 1'000'000'000;

TEST(ParseHttpDate, Rfc1123DatesAreNanosecondsSinceTheEpoch) {
  EXPECT_EQ(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), std::optional<int64_t>(0));
  // RFC 9110's own example.
  EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            std::optional<int64_t>(784'111'777 * kSecond));
  EXPECT_EQ(parse_http_date("Wed, 25 Nov 2026 03:20:00 GMT"),
            std::optional<int64_t>(1'795'576'800 * kSecond));
  // After 2038: the 32-bit time_t limit does not apply.
  EXPECT_EQ(parse_http_date("Sat, 01 Jan 2050 00:00:00 GMT"),
            std::optional<int64_t>(2'524'608'000 * kSecond));
}

TEST(ParseHttpDate, GarbageIsNotADate) {
  EXPECT_EQ(parse_http_date(""), std::nullopt);
  EXPECT_EQ(parse_http_date("yesterday"), std::nullopt);
  EXPECT_EQ(parse_http_date("2024-01-01T00:00:00.000Z"), std::nullopt);  // a listing's form
  EXPECT_EQ(parse_http_date("Sun, 06 Foo 1994 08:49:37 GMT"), std::nullopt);
  EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49 GMT"), std::nullopt);
  EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 25:49:37 GMT"), std::nullopt);
}

TEST(ParseHttpDate, DatesBeyondNanosecondRangeAreRefused) {
  // int64 nanoseconds end in April 2262; later dates must not overflow.
  EXPECT_EQ(parse_http_date("Fri, 31 Dec 9999 23:59:59 GMT"), std::nullopt);
  EXPECT_EQ(parse_http_date("Thu, 01 Jan 2263 00:00:00 GMT"), std::nullopt);
  EXPECT_EQ(parse_http_date("Wed, 01 Jan 2262 00:00:00 GMT"),
            std::optional<int64_t>(9'214'646'400 * kSecond));
}

TEST(ParseHttpDate, TrailingTextIsNotADate) {
  EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT extra"), std::nullopt);
  EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMTx"), std::nullopt);
  EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49:37"), std::nullopt);  // no zone
}

}  // namespace
}  // namespace hoist::s3

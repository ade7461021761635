#include "sigv4/amz_date.h"

#include <gtest/gtest.h>

#include <chrono>

namespace hoist::sigv4 {
namespace {

using namespace std::chrono;

TEST(AmzDate, FormatsUtcToTheSecond) {
  const auto t = sys_days{year{2015} / August / 30} + hours{12} + minutes{36} + seconds{5} +
                 milliseconds{999};
  const AmzDate date(t);
  EXPECT_EQ(date.timestamp(), "20150830T123605Z");
  EXPECT_EQ(date.date(), "20150830");
}

TEST(AmzDate, MidnightAndEndOfDay) {
  EXPECT_EQ(AmzDate(sys_days{year{2013} / May / 24}).timestamp(), "20130524T000000Z");
  EXPECT_EQ(AmzDate(sys_days{year{1999} / December / 31} + hours{23} + minutes{59} + seconds{59})
                .timestamp(),
            "19991231T235959Z");
}

TEST(AmzDate, BeforeTheEpoch) {
  EXPECT_EQ(AmzDate(sys_days{year{1969} / December / 31} + hours{23}).timestamp(),
            "19691231T230000Z");
}

}  // namespace
}  // namespace hoist::sigv4

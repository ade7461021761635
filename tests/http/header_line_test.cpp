// Reading response header lines: names lowercased, values trimmed, status lines and the end of
// a block told apart from fields.
#include "engine/http/header_line.h"

#include <gtest/gtest.h>

namespace hoist::http {
namespace {

TEST(HeaderLine, FieldNameLowercasedValueTrimmed) {
  HeaderLine line = parse_header_line("ETag: \t\"abc\" \t\r\n");
  EXPECT_EQ(line.kind, HeaderLine::Kind::kField);
  EXPECT_EQ(line.name, "etag");
  EXPECT_EQ(line.value, "\"abc\"");
}

TEST(HeaderLine, ValueKeepsLaterColons) {
  HeaderLine line = parse_header_line("Location: http://h:9000/b\r\n");
  EXPECT_EQ(line.kind, HeaderLine::Kind::kField);
  EXPECT_EQ(line.name, "location");
  EXPECT_EQ(line.value, "http://h:9000/b");
}

TEST(HeaderLine, EmptyValue) {
  HeaderLine line = parse_header_line("x-amz-meta-empty:\r\n");
  EXPECT_EQ(line.kind, HeaderLine::Kind::kField);
  EXPECT_EQ(line.name, "x-amz-meta-empty");
  EXPECT_EQ(line.value, "");
}

TEST(HeaderLine, StatusLineBlankLineAndOther) {
  EXPECT_EQ(parse_header_line("HTTP/1.1 100 Continue\r\n").kind, HeaderLine::Kind::kStatus);
  EXPECT_EQ(parse_header_line("\r\n").kind, HeaderLine::Kind::kEnd);
  EXPECT_EQ(parse_header_line("").kind, HeaderLine::Kind::kEnd);
  EXPECT_EQ(parse_header_line("no colon here\r\n").kind, HeaderLine::Kind::kOther);
}

}  // namespace
}  // namespace hoist::http

#include "sigv4/uri_encode.h"

#include <gtest/gtest.h>

#include <cctype>
#include <string>

namespace hoist::sigv4 {
namespace {

TEST(UriEncode, UnreservedBytesStay) {
  const std::string unreserved =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~";
  EXPECT_EQ(uri_encode(unreserved, true), unreserved);
}

TEST(UriEncode, ReservedBytesBecomeUppercasePercentHex) {
  EXPECT_EQ(uri_encode(" ", true), "%20");
  EXPECT_EQ(uri_encode("+", true), "%2B");
  EXPECT_EQ(uri_encode("*", true), "%2A");
  EXPECT_EQ(uri_encode("=&?#%", true), "%3D%26%3F%23%25");
  EXPECT_EQ(uri_encode("$", true), "%24");
  EXPECT_EQ(uri_encode(std::string(1, '\0'), true), "%00");
  EXPECT_EQ(uri_encode("\xff", true), "%FF");
}

TEST(UriEncode, SlashDependsOnWhereItIs) {
  EXPECT_EQ(uri_encode("a/b c/", false), "a/b%20c/");
  EXPECT_EQ(uri_encode("a/b c/", true), "a%2Fb%20c%2F");
}

TEST(UriEncode, Utf8IsEncodedByteByByte) {
  EXPECT_EQ(uri_encode("\xe1\x88\xb4", true), "%E1%88%B4");
  EXPECT_EQ(uri_encode("caf\xc3\xa9.txt", false), "caf%C3%A9.txt");
}

// Exactly the 66 unreserved bytes pass through; every other byte is its own %XX.
TEST(UriEncode, EveryByteIsKeptOrEncodedExactlyOnce) {
  int kept = 0;
  for (int c = 0; c < 256; ++c) {
    const std::string in(1, static_cast<char>(c));
    const std::string out = uri_encode(in, true);
    if (out == in) {
      EXPECT_TRUE(std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') << c;
      ++kept;
      continue;
    }
    ASSERT_EQ(out.size(), 3u) << c;
    EXPECT_EQ(out[0], '%');
    EXPECT_EQ(std::stoi(out.substr(1), nullptr, 16), c);
    for (char h : out.substr(1)) EXPECT_FALSE(h >= 'a' && h <= 'f') << out;
  }
  EXPECT_EQ(kept, 66);
}

TEST(UriEncode, AppendsToExistingText) {
  std::string out = "/prefix/";
  append_uri_encoded(&out, "a b", false);
  EXPECT_EQ(out, "/prefix/a%20b");
}

}  // namespace
}  // namespace hoist::sigv4

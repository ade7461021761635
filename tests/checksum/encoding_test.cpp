// Base64 and hex against RFC 4648's vectors, and the decoders' refusal of non-canonical text.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/checksum/digest.h"
#include "engine/checksum/encoding.h"
#include "tests/checksum/crc_reference.h"

namespace hoist::checksum {
namespace {

using testing::bytes_of;

std::vector<std::uint8_t> vec(std::string_view s) {
  const auto b = bytes_of(s);
  return {b.begin(), b.end()};
}

TEST(Base64, Rfc4648Vectors) {
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},         {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(base64_encode(bytes_of(plain)), encoded);
    EXPECT_EQ(base64_decode(encoded), vec(plain)) << encoded;
  }
}

TEST(Base64, UsesTheStandardAlphabet) {
  const std::vector<std::uint8_t> high = {0xfb, 0xff, 0xbf};
  EXPECT_EQ(base64_encode(high), "+/+/");
  EXPECT_EQ(base64_decode("+/+/"), high);
}

TEST(Base64, RejectsMalformedText) {
  for (const char* bad : {"Zg=", "Zg", "Z===", "====", "Zm9v!", "Zm9=v", "Zh==", "Zm9=",
                          "Zm 9v", "-_-_"}) {
    EXPECT_EQ(base64_decode(bad), std::nullopt) << bad;
  }
}

TEST(Hex, EncodesLowercaseAndDecodesEitherCase) {
  const std::vector<std::uint8_t> bytes = {0x00, 0x01, 0xab, 0xcd, 0xef, 0xff};
  EXPECT_EQ(hex_encode(bytes), "0001abcdefff");
  EXPECT_EQ(hex_decode("0001abcdefff"), bytes);
  EXPECT_EQ(hex_decode("0001ABCDEFFF"), bytes);
  EXPECT_EQ(hex_decode(""), std::vector<std::uint8_t>{});
}

TEST(Hex, RejectsMalformedText) {
  for (const char* bad : {"0", "abc", "0g", "zz", "0x01", " 01"}) {
    EXPECT_EQ(hex_decode(bad), std::nullopt) << bad;
  }
}

TEST(Digest, CrcValuesAreBigEndian) {
  const Digest d = Digest::from_crc32(0xE3069283);
  EXPECT_EQ(d.size(), 4u);
  EXPECT_EQ(d.to_hex(), "e3069283");
  EXPECT_EQ(d.to_base64(), "4waSgw==");
  EXPECT_EQ(d.to_uint(), 0xE3069283u);
  EXPECT_EQ(Digest::from_crc64(0x0102030405060708).to_hex(), "0102030405060708");
}

TEST(Digest, ParsesHeaderValues) {
  const auto d = Digest::from_base64("rosUhgp5mIg=");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->to_uint(), 0xAE8B14860A799888u);
  EXPECT_EQ(Digest::from_hex("ae8b14860a799888"), d);
  EXPECT_EQ(Digest::from_base64("not base64"), std::nullopt);
  // 33 bytes is longer than any digest.
  EXPECT_EQ(Digest::from_hex(std::string(66, 'a')), std::nullopt);
}

TEST(Digest, EqualityComparesOnlyTheDigestBytes) {
  EXPECT_EQ(Digest(), Digest());
  EXPECT_EQ(Digest::from_crc32(1), Digest::from_crc32(1));
  EXPECT_FALSE(Digest::from_crc32(1) == Digest::from_crc32(2));
  EXPECT_FALSE(Digest::from_crc32(1) == Digest::from_crc64(1));
}

}  // namespace
}  // namespace hoist::checksum

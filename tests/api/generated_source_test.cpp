// GeneratedSource: the same bytes at an offset however they are read (at offsets, front to
// back, in pieces of any size), another seed gives other bytes, and the compressible share
// of every 4 KiB block is zeros.
#include "hoist/generated_source.h"

#include <gtest/gtest.h>

#include <string>

namespace hoist {
namespace {

std::string generated(uint64_t seed, double compressible, uint64_t offset, size_t size) {
  std::string out(size, '\x55');
  GeneratedSource::generate(seed, compressible, offset, out.data(), size);
  return out;
}

TEST(GeneratedSourceTest, AnOffsetHoldsTheSameBytesHoweverItIsRead) {
  const uint64_t size = 3 * 4096 + 123;
  const std::string whole = generated(7, 0, 0, size);
  GeneratedSource source(size, 7);
  for (uint64_t offset : {0ull, 1ull, 7ull, 4095ull, 4096ull, 8191ull, 12000ull}) {
    for (size_t length : {size_t{1}, size_t{5}, size_t{8}, size_t{13}, size_t{5000}}) {
      std::string piece(length, '\0');
      auto got = source.read_at(offset, piece.data(), length);
      ASSERT_TRUE(got.ok());
      const size_t expected = std::min<uint64_t>(length, size - offset);
      ASSERT_EQ(*got, expected) << offset << "+" << length;
      EXPECT_EQ(piece.substr(0, expected), whole.substr(offset, expected))
          << offset << "+" << length;
    }
  }
  std::string streamed;
  char buffer[1000];
  for (;;) {
    auto got = source.read(buffer, sizeof buffer);
    ASSERT_TRUE(got.ok());
    if (*got == 0) break;
    streamed.append(buffer, *got);
  }
  EXPECT_EQ(streamed, whole) << "read front to back";
  auto past = source.read_at(size, buffer, sizeof buffer);
  ASSERT_TRUE(past.ok());
  EXPECT_EQ(*past, 0u);
}

TEST(GeneratedSourceTest, SeedsGiveDifferentBytesThatDoNotRepeat) {
  const std::string a = generated(1, 0, 0, 1 << 16);
  const std::string b = generated(2, 0, 0, 1 << 16);
  EXPECT_NE(a, b);
  EXPECT_NE(a.substr(0, 4096), a.substr(4096, 4096)) << "blocks repeat";
  size_t zeros = 0;
  for (char c : a) zeros += c == 0;
  EXPECT_LT(zeros, a.size() / 128) << "about 1 in 256 bytes is zero in random bytes";
}

TEST(GeneratedSourceTest, TheCompressibleShareOfEachBlockIsZeros) {
  const std::string half = generated(3, 0.5, 100, 3 * 4096);
  // Bytes 100.. of the stream: each block's second half (stream offsets 2048..4095 of it).
  size_t zeros_in_random_halves = 0;
  for (uint64_t at = 100; at < 100 + half.size(); ++at) {
    if (at % 4096 >= 2048) {
      ASSERT_EQ(half[at - 100], '\0') << at;
    } else {
      zeros_in_random_halves += half[at - 100] == '\0';
    }
  }
  EXPECT_LT(zeros_in_random_halves, 64u) << "the first half of each block is random";
  EXPECT_EQ(generated(3, 1, 0, 4096), std::string(4096, '\0'));
  EXPECT_EQ(generated(3, 7, 0, 64), generated(3, 1, 0, 64)) << "clamped to 1";
  EXPECT_EQ(generated(3, -1, 0, 64), generated(3, 0, 0, 64)) << "clamped to 0";
}

}  // namespace
}  // namespace hoist

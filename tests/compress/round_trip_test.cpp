// Every codec and level: streaming and part-parallel output decompresses to the input, fed
// to the decompressor in arbitrary pieces; incompressible parts are stored; corrupt and
// truncated streams are reported.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "engine/compress/codec.h"
#include "tests/compress/test_inputs.h"
#include "tests/support/codec_param_name.h"

namespace hoist::compress {
namespace {

using testing::Bytes;

// Decompresses `compressed` handed over in random-sized pieces (1 byte to 8 KiB).
Bytes decompress_in_pieces(const Codec& codec, const Bytes& compressed, unsigned seed) {
  const auto d = codec.make_decompressor();
  std::mt19937 rng(seed);
  Bytes out;
  std::string error;
  std::size_t pos = 0;
  while (pos < compressed.size()) {
    const std::size_t n = std::min<std::size_t>(compressed.size() - pos, 1 + rng() % 8192);
    EXPECT_TRUE(d->decompress(std::span(compressed).subspan(pos, n), &out, &error)) << error;
    pos += n;
  }
  EXPECT_TRUE(d->finish(&error)) << error;
  return out;
}

// The result of decompressing all of `compressed` at once; error set on failure.
bool decompress_all(const Codec& codec, const Bytes& compressed, Bytes* out, std::string* error) {
  const auto d = codec.make_decompressor();
  return d->decompress(compressed, out, error) && d->finish(error);
}

class RoundTrip : public ::testing::TestWithParam<std::string> {
 protected:
  Codec codec() const { return *Codec::parse(GetParam()); }
};

TEST_P(RoundTrip, PartsConcatenateIntoOneStream) {
  const Codec c = codec();
  const std::vector<Bytes> inputs = {testing::log_text(300000), testing::structured_binary(200001),
                                     testing::random_data(150000), Bytes{}};
  for (const Bytes& input : inputs) {
    for (std::size_t part_size : {std::size_t{65536}, std::size_t{100003}, std::size_t{1} << 20}) {
      const Bytes compressed = testing::compress_in_parts(c, input, part_size);
      EXPECT_EQ(decompress_in_pieces(c, compressed, 1), input)
          << input.size() << " bytes in parts of " << part_size;
    }
  }
}

TEST_P(RoundTrip, StreamingInPiecesWithSeveralMembers) {
  const Codec c = codec();
  const Bytes input = testing::log_text(400000);
  const auto compressor = c.make_compressor();
  std::mt19937 rng(3);
  Bytes compressed;
  std::string error;
  std::size_t pos = 0;
  while (pos < input.size()) {
    const std::size_t n = std::min<std::size_t>(input.size() - pos, rng() % 50000);
    // End a member now and then, as a stream cut at part boundaries would.
    const bool end = pos + n == input.size() || rng() % 4 == 0;
    ASSERT_TRUE(compressor->compress(std::span(input).subspan(pos, n), end, &compressed, &error))
        << error;
    pos += n;
  }
  EXPECT_LT(compressed.size(), input.size() / 2);
  EXPECT_EQ(decompress_in_pieces(c, compressed, 2), input);
}

TEST_P(RoundTrip, EmptyStreamingMemberIsValid) {
  const Codec c = codec();
  const auto compressor = c.make_compressor();
  Bytes compressed;
  std::string error;
  ASSERT_TRUE(compressor->compress({}, true, &compressed, &error)) << error;
  EXPECT_FALSE(compressed.empty());
  Bytes out;
  EXPECT_TRUE(decompress_all(c, compressed, &out, &error)) << error;
  EXPECT_TRUE(out.empty());
}

TEST_P(RoundTrip, CompressiblePartsShrinkAndRandomPartsAreStored) {
  const Codec c = codec();
  const auto compressor = c.make_compressor();

  const Bytes text = testing::log_text(200000);
  const testing::Member packed = testing::compress_one_part(*compressor, text);
  EXPECT_EQ(packed.encoding, PartEncoding::compressed);
  EXPECT_LT(packed.bytes.size(), text.size() / 2);

  // Random bytes do not compress: stored, and only the framing bigger than the input.
  for (std::size_t size : {std::size_t{0}, std::size_t{1}, std::size_t{65535}, std::size_t{65536},
                           std::size_t{300000}}) {
    const Bytes noise = testing::random_data(size, static_cast<unsigned>(size));
    const testing::Member stored = testing::compress_one_part(*compressor, noise);
    EXPECT_EQ(stored.encoding, PartEncoding::stored) << size;
    EXPECT_LE(stored.bytes.size(), compressor->part_bound(size));
    EXPECT_LE(stored.bytes.size(), size + 64 + size / 10000) << size;
    Bytes out;
    std::string error;
    EXPECT_TRUE(decompress_all(c, stored.bytes, &out, &error)) << error;
    EXPECT_EQ(out, noise) << size;
  }
}

// Damage never turns into wrong output: the member/frame is rejected (by the format itself
// or by the CRC32 / content checksum at its end), or, when the flipped bits happen to be
// unused padding, decodes to the original bytes.
TEST_P(RoundTrip, CorruptionIsDetected) {
  const Codec c = codec();
  const Bytes input = testing::log_text(100000);
  const auto compressor = c.make_compressor();
  const Bytes compressed = testing::compress_one_part(*compressor, input).bytes;
  std::mt19937 rng(5);
  int rejected = 0;
  constexpr int kTrials = 50;
  for (int i = 0; i < kTrials; ++i) {
    // Past the member/frame header, whose mtime and OS fields carry no data.
    constexpr std::size_t kHeader = 16;
    Bytes damaged = compressed;
    const std::size_t at = kHeader + rng() % (damaged.size() - kHeader);
    damaged[at] ^= static_cast<std::uint8_t>(1 + rng() % 255);
    Bytes out;
    std::string error;
    if (decompress_all(c, damaged, &out, &error)) {
      EXPECT_EQ(out, input) << "damage at " << at << " produced wrong output";
    } else {
      EXPECT_FALSE(error.empty());
      ++rejected;
    }
  }
  EXPECT_GE(rejected, kTrials * 9 / 10);
}

TEST_P(RoundTrip, TruncationIsDetected) {
  const Codec c = codec();
  const Bytes compressed = testing::compress_in_parts(c, testing::log_text(50000), 20000);
  for (std::size_t cut :
       {std::size_t{1}, std::size_t{9}, compressed.size() / 2, compressed.size() - 1}) {
    const Bytes truncated(compressed.begin(), compressed.begin() + static_cast<long>(cut));
    Bytes out;
    std::string error;
    EXPECT_FALSE(decompress_all(c, truncated, &out, &error)) << "cut at " << cut;
    EXPECT_NE(error.find("truncated"), std::string::npos) << error;
  }
}

// The decompressor's output space starts at 64 KiB: a member or frame that decodes to
// exactly that much ends with the space full, which must not read as a frame left open.
TEST_P(RoundTrip, OutputEndingExactlyAtAFrameEndIsComplete) {
  const Codec c = codec();
  for (std::size_t size : {std::size_t{65536}, std::size_t{2 * 65536}}) {
    const Bytes input = testing::log_text(size);
    const Bytes compressed = testing::compress_in_parts(c, input, 65536);
    Bytes out;
    std::string error;
    EXPECT_TRUE(decompress_all(c, compressed, &out, &error)) << size << ": " << error;
    EXPECT_EQ(out, input) << size;
  }
}

TEST_P(RoundTrip, GarbageIsRejected) {
  const Codec c = codec();
  Bytes out;
  std::string error;
  EXPECT_FALSE(decompress_all(c, testing::log_text(1000), &out, &error));
  EXPECT_FALSE(error.empty());
}

INSTANTIATE_TEST_SUITE_P(Codecs, RoundTrip,
                         ::testing::Values("gzip:0", "gzip:1", "gzip:2", "gzip:3", "zstd:-3",
                                           "zstd:1", "zstd:3", "zstd:9"),
                         test::codec_param_name<::testing::TestParamInfo<std::string>>);

}  // namespace
}  // namespace hoist::compress

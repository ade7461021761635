// The compressibility probe says yes to text and structured data and no to data that is
// random or already compressed.
#include <gtest/gtest.h>

#include "engine/compress/codec.h"
#include "engine/compress/compressibility.h"
#include "tests/compress/test_inputs.h"

namespace hoist::compress {
namespace {

TEST(Compressibility, TextAndStructuredDataAreCompressible) {
  EXPECT_TRUE(looks_compressible(testing::log_text(256 << 10)));
  EXPECT_TRUE(looks_compressible(testing::structured_binary(256 << 10)));
  EXPECT_TRUE(looks_compressible(testing::log_text(4000)));  // shorter than one window
  EXPECT_TRUE(looks_compressible(testing::Bytes(100000, 0)));
}

TEST(Compressibility, RandomAndCompressedDataAreNot) {
  EXPECT_FALSE(looks_compressible(testing::random_data(256 << 10)));
  EXPECT_FALSE(looks_compressible(testing::random_data(3000)));
  EXPECT_FALSE(looks_compressible({}));
  // What a backup meets most: files that are already compressed.
  for (const char* spec : {"gzip:3", "zstd:3"}) {
    const testing::Bytes packed =
        testing::compress_in_parts(*Codec::parse(spec), testing::log_text(2 << 20), 1 << 20);
    EXPECT_FALSE(looks_compressible(packed)) << spec;
  }
}

// The windows are spread over the sample: a file's head does not speak for its body.
TEST(Compressibility, SamplesTheWholeSample) {
  const testing::Bytes text = testing::log_text(240 << 10);
  const testing::Bytes noise = testing::random_data(240 << 10);

  testing::Bytes text_head(text.begin(), text.begin() + (16 << 10));
  text_head.insert(text_head.end(), noise.begin(), noise.end());
  EXPECT_FALSE(looks_compressible(text_head));

  testing::Bytes random_head(noise.begin(), noise.begin() + (16 << 10));
  random_head.insert(random_head.end(), text.begin(), text.end());
  EXPECT_TRUE(looks_compressible(random_head));
}

}  // namespace
}  // namespace hoist::compress

// compress_in_place: a compressible body is replaced by one smaller member/frame that
// decodes back to it; an incompressible one is left exactly as it was.
#include "engine/transfer/compressed_body.h"

#include <gtest/gtest.h>

#include "tests/compress/test_inputs.h"

namespace hoist::transfer {
namespace {

using compress::Codec;
using compress::testing::Bytes;

TEST(CompressedBodyTest, CompressibleBodiesShrinkInPlace) {
  for (const char* spec : {"gzip:1", "zstd:3", "zstd:19"}) {
    const Codec codec = *Codec::parse(spec);
    const Bytes input = compress::testing::log_text(1 << 20);
    Bytes buffer = input;
    auto size = compress_in_place(codec, reinterpret_cast<char*>(buffer.data()), buffer.size());
    ASSERT_TRUE(size.has_value()) << spec;
    EXPECT_LT(*size, input.size() / 2) << spec;
    buffer.resize(*size);
    auto d = codec.make_decompressor();
    Bytes out;
    std::string error;
    ASSERT_TRUE(d->decompress(buffer, &out, &error) && d->finish(&error)) << error;
    EXPECT_EQ(out, input) << spec;
  }
}

TEST(CompressedBodyTest, IncompressibleBodiesAreLeftAlone) {
  const Bytes input = compress::testing::random_data(1 << 20);
  Bytes buffer = input;
  EXPECT_FALSE(compress_in_place(*Codec::parse("zstd"), reinterpret_cast<char*>(buffer.data()),
                                 buffer.size()));
  EXPECT_EQ(buffer, input);
  EXPECT_FALSE(compress_in_place(*Codec::parse("gzip"), nullptr, 0));
}

}  // namespace
}  // namespace hoist::transfer

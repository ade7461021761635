// Which Content-Encoding values hoist decodes, and the headers it writes for them.
#include "engine/transfer/content_encoding.h"

#include <gtest/gtest.h>

namespace hoist::transfer {
namespace {

using compress::CodecKind;

TEST(ContentEncodingTest, GzipAndZstdInAnyCaseAreDecoded) {
  EXPECT_EQ(codec_for_encoding("gzip")->kind(), CodecKind::gzip);
  EXPECT_EQ(codec_for_encoding("x-gzip")->kind(), CodecKind::gzip);
  EXPECT_EQ(codec_for_encoding(" GZIP ")->kind(), CodecKind::gzip);
  EXPECT_EQ(codec_for_encoding("zstd")->kind(), CodecKind::zstd);
  EXPECT_EQ(codec_for_encoding("Zstd")->kind(), CodecKind::zstd);
}

TEST(ContentEncodingTest, OtherEncodingsAreLeftAlone) {
  for (const char* other : {"", "identity", "br", "deflate", "gzip, br", "aws-chunked"}) {
    EXPECT_FALSE(codec_for_encoding(other).has_value()) << other;
  }
}

TEST(ContentEncodingTest, HeadersCarryTheCodecAndTheSizeWhenKnown) {
  http::Headers headers;
  add_encoding_headers(&headers, *compress::Codec::parse("zstd:19"), 12345);
  ASSERT_EQ(headers.size(), 2u);
  EXPECT_EQ(headers[0], (std::pair<std::string, std::string>("Content-Encoding", "zstd")));
  EXPECT_EQ(headers[1],
            (std::pair<std::string, std::string>("x-amz-meta-hoist-uncompressed-size", "12345")));
  http::Headers unknown;
  add_encoding_headers(&unknown, *compress::Codec::parse("gzip"), std::nullopt);
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_EQ(unknown[0].second, "gzip");
}

}  // namespace
}  // namespace hoist::transfer

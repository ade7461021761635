// CompressingSource: what it yields, cut into parts of any size, is one valid gzip/zstd
// stream of what it read; incompressible streams pass through unchanged; the headers say
// which happened; errors of the inner source reach the caller.
#include "engine/transfer/compressing_source.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>

#include "tests/compress/test_inputs.h"
#include "tests/support/codec_param_name.h"

namespace hoist::transfer {
namespace {

using compress::Codec;
using compress::testing::Bytes;

// A stream from memory, handing out at most `step` bytes per read like a pipe would.
class MemorySource final : public StreamSource {
 public:
  explicit MemorySource(Bytes bytes, size_t fail_after = SIZE_MAX)
      : bytes_(std::move(bytes)), fail_after_(fail_after) {}

  Result<size_t> fill(char* data, size_t size) override {
    if (pos_ >= fail_after_) return Error::make(ErrorKind::kLocal, "ReadFailed", "disk on fire");
    const size_t n = std::min(size, bytes_.size() - pos_);
    if (n > 0) std::memcpy(data, bytes_.data() + pos_, n);
    pos_ += n;
    return n;
  }
  http::Headers object_headers(const ObjectOptions&) const override {
    return {{"Content-Type", "text/plain"}};
  }
  Status check_unchanged() const override { return ok_status(); }
  const std::string& local_path() const override { return path_; }

 private:
  Bytes bytes_;
  size_t fail_after_;
  size_t pos_ = 0;
  std::string path_ = "memory";
};

// Everything `source` yields, read in pieces of `piece` bytes (as parts of that size).
Bytes drain(StreamSource& source, size_t piece, size_t* reads = nullptr) {
  Bytes out;
  std::vector<char> buffer(piece);
  for (;;) {
    auto got = source.fill(buffer.data(), piece);
    EXPECT_TRUE(got.ok());
    if (!got.ok()) break;
    if (reads) ++*reads;
    out.insert(out.end(), buffer.begin(), buffer.begin() + static_cast<long>(*got));
    if (*got < piece) break;
  }
  return out;
}

Bytes decompressed(const Codec& codec, const Bytes& stream) {
  auto d = codec.make_decompressor();
  Bytes out;
  std::string error;
  EXPECT_TRUE(d->decompress(stream, &out, &error)) << error;
  EXPECT_TRUE(d->finish(&error)) << error;
  return out;
}

std::optional<std::string> header(const http::Headers& headers, const std::string& name) {
  for (const auto& [n, v] : headers) {
    if (n == name) return v;
  }
  return std::nullopt;
}

class CompressingSourceTest : public ::testing::TestWithParam<std::string> {
 protected:
  Codec codec() const { return *Codec::parse(GetParam()); }
};

TEST_P(CompressingSourceTest, OutputCutAnywhereIsOneStreamOfTheInput) {
  const Bytes input = compress::testing::log_text(1'000'003);
  for (size_t piece : {size_t{1} << 10, size_t{100'001}, size_t{5} << 20}) {
    for (int lanes : {1, 3}) {
      CompressingSource source(std::make_unique<MemorySource>(input), codec(), input.size(), lanes,
                               /*chunk_size=*/64 << 10);
      const Bytes stored = drain(source, piece);
      EXPECT_TRUE(source.compressing());
      EXPECT_LT(stored.size(), input.size() / 2) << piece;
      EXPECT_EQ(decompressed(codec(), stored), input) << piece << " bytes at a time, " << lanes;
      EXPECT_EQ(source.source_bytes(), input.size());
    }
  }
}

TEST_P(CompressingSourceTest, HeadersNameTheEncodingAndTheSize) {
  const Bytes input = compress::testing::log_text(300'000);
  CompressingSource source(std::make_unique<MemorySource>(input), codec(), input.size(), 2,
                           64 << 10);
  ASSERT_TRUE(source.prime().ok());
  const http::Headers headers = source.object_headers({});
  EXPECT_EQ(header(headers, "Content-Type"), "text/plain");
  EXPECT_EQ(header(headers, "Content-Encoding"), std::string(codec().name()));
  EXPECT_EQ(header(headers, "x-amz-meta-hoist-uncompressed-size"), "300000");
}

TEST_P(CompressingSourceTest, AStreamOfUnknownSizeRecordsItOnlyOnceEnded) {
  const Bytes input = compress::testing::log_text(200'000);
  CompressingSource source(std::make_unique<MemorySource>(input), codec(), std::nullopt, 1,
                           64 << 10);
  ASSERT_TRUE(source.prime().ok());
  EXPECT_EQ(header(source.object_headers({}), "x-amz-meta-hoist-uncompressed-size"), std::nullopt);
  drain(source, 1 << 20);
  EXPECT_EQ(header(source.object_headers({}), "x-amz-meta-hoist-uncompressed-size"), "200000");
}

TEST_P(CompressingSourceTest, IncompressibleInputPassesThroughUnchanged) {
  const Bytes input = compress::testing::random_data(700'001);
  CompressingSource source(std::make_unique<MemorySource>(input), codec(), input.size(), 2,
                           64 << 10);
  auto primed = source.prime();
  ASSERT_TRUE(primed.ok());
  EXPECT_FALSE(*primed);
  EXPECT_EQ(drain(source, 100'000), input);
  EXPECT_EQ(header(source.object_headers({}), "Content-Encoding"), std::nullopt);
  EXPECT_EQ(header(source.object_headers({}), "x-amz-meta-hoist-uncompressed-size"), std::nullopt);
  EXPECT_EQ(source.source_bytes(), input.size());
}

TEST_P(CompressingSourceTest, EmptyInputYieldsNothing) {
  CompressingSource source(std::make_unique<MemorySource>(Bytes{}), codec(), 0, 2, 64 << 10);
  EXPECT_TRUE(drain(source, 4096).empty());
  EXPECT_FALSE(source.compressing());
}

TEST_P(CompressingSourceTest, InnerErrorsReachTheCaller) {
  const Bytes input = compress::testing::log_text(500'000);
  CompressingSource source(std::make_unique<MemorySource>(input, /*fail_after=*/128 << 10), codec(),
                           input.size(), 2, 64 << 10);
  std::vector<char> buffer(1 << 20);
  auto got = source.fill(buffer.data(), buffer.size());
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code, "ReadFailed");
}

INSTANTIATE_TEST_SUITE_P(Codecs, CompressingSourceTest,
                         ::testing::Values("gzip:1", "gzip:3", "zstd:3", "zstd:19"),
                         test::codec_param_name<::testing::TestParamInfo<std::string>>);

}  // namespace
}  // namespace hoist::transfer

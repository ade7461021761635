// DecodingWriter: stored bytes fed in any pieces come out as the original bytes, in bounded
// slices; corrupt and truncated streams and failing outputs fail with clear errors.
#include "engine/transfer/decoding_writer.h"

#include <gtest/gtest.h>

#include <cerrno>

#include "tests/compress/test_inputs.h"
#include "tests/support/codec_param_name.h"

namespace hoist::transfer {
namespace {

using compress::Codec;
using compress::testing::Bytes;

class DecodingWriterTest : public ::testing::TestWithParam<std::string> {
 protected:
  Codec codec() const { return *Codec::parse(GetParam()); }

  // A writer that appends its output to out_ and records the largest slice.
  DecodingWriter writer() {
    return DecodingWriter(
        codec(),
        [this](const char* data, size_t length) {
          out_.insert(out_.end(), data, data + length);
          largest_ = std::max(largest_, length);
          return io::Status{};
        },
        "file.txt");
  }

  Bytes out_;
  size_t largest_ = 0;
};

TEST_P(DecodingWriterTest, PiecesOfAnySizeDecodeToTheOriginal) {
  const Bytes input = compress::testing::log_text(3'000'000);
  const Bytes stored = compress::testing::compress_in_parts(codec(), input, 1 << 20);
  for (size_t piece : {size_t{7}, size_t{65'537}, stored.size()}) {
    out_.clear();
    DecodingWriter w = writer();
    for (size_t at = 0; at < stored.size(); at += piece) {
      const size_t n = std::min(piece, stored.size() - at);
      ASSERT_TRUE(w.write(reinterpret_cast<const char*>(stored.data()) + at, n).ok());
    }
    ASSERT_TRUE(w.finish().ok());
    EXPECT_EQ(out_, input) << piece;
    EXPECT_EQ(w.bytes_out(), input.size());
  }
  // Output goes out in slices, never the whole decoded object at once.
  EXPECT_LT(largest_, input.size() / 2);
}

TEST_P(DecodingWriterTest, CorruptContentIsAnIntegrityError) {
  Bytes stored =
      compress::testing::compress_in_parts(codec(), compress::testing::log_text(200'000), 100'000);
  for (size_t i = 20; i < stored.size(); i += 97) stored[i] ^= 0x5a;
  DecodingWriter w = writer();
  Status written = w.write(reinterpret_cast<const char*>(stored.data()), stored.size());
  if (written.ok()) written = w.finish();
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.error().kind, ErrorKind::kIntegrity);
  EXPECT_EQ(written.error().code, "InvalidContentEncoding");
  ASSERT_TRUE(w.failure().has_value());
  EXPECT_FALSE(w.write("x", 1).ok());  // done after a failure
}

TEST_P(DecodingWriterTest, TruncatedContentFailsAtTheEnd) {
  const Bytes stored =
      compress::testing::compress_in_parts(codec(), compress::testing::log_text(200'000), 100'000);
  DecodingWriter w = writer();
  ASSERT_TRUE(w.write(reinterpret_cast<const char*>(stored.data()), stored.size() - 3).ok());
  Status finished = w.finish();
  ASSERT_FALSE(finished.ok());
  EXPECT_NE(finished.error().message.find("truncated"), std::string::npos)
      << finished.error().message;
}

TEST_P(DecodingWriterTest, AFailingOutputIsALocalErrorNamingTheFile) {
  const Bytes stored =
      compress::testing::compress_in_parts(codec(), compress::testing::log_text(200'000), 100'000);
  DecodingWriter w(
      codec(),
      [](const char*, size_t) { return io::Status::from_errno(ENOSPC, "write", "file.txt"); },
      "file.txt");
  Status written = w.write(reinterpret_cast<const char*>(stored.data()), stored.size());
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.error().kind, ErrorKind::kLocal);
  EXPECT_EQ(written.error().local_path, "file.txt");
}

INSTANTIATE_TEST_SUITE_P(Codecs, DecodingWriterTest, ::testing::Values("gzip:1", "zstd:3"),
                         test::codec_param_name<::testing::TestParamInfo<std::string>>);

}  // namespace
}  // namespace hoist::transfer

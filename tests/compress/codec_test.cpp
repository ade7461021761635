// Choosing a codec by name: accepted spellings, defaults and the errors for bad ones.
#include <gtest/gtest.h>

#include <string>

#include "engine/compress/codec.h"

namespace hoist::compress {
namespace {

TEST(Codec, ParsesNamesWithAndWithoutLevels) {
  EXPECT_EQ(Codec::parse("gzip"), Codec::with_default_level(CodecKind::gzip));
  EXPECT_EQ(Codec::parse("gzip")->level(), 1);
  EXPECT_EQ(Codec::parse("zstd")->level(), 3);
  EXPECT_EQ(Codec::parse("GZIP:3")->spec(), "gzip:3");
  EXPECT_EQ(Codec::parse("Zstd:19")->spec(), "zstd:19");
  EXPECT_EQ(Codec::parse("zstd:-7")->level(), -7);
  for (int level = 0; level <= 3; ++level) {
    const auto c = Codec::parse("gzip:" + std::to_string(level));
    ASSERT_TRUE(c.has_value());
    EXPECT_EQ(c->kind(), CodecKind::gzip);
    EXPECT_EQ(c->level(), level);
    EXPECT_EQ(Codec::parse(c->spec()), c);
  }
}

TEST(Codec, NamesAndExtensions) {
  EXPECT_EQ(Codec::parse("gzip")->name(), "gzip");
  EXPECT_EQ(Codec::parse("gzip")->file_extension(), ".gz");
  EXPECT_EQ(Codec::parse("zstd")->name(), "zstd");
  EXPECT_EQ(Codec::parse("zstd")->file_extension(), ".zst");
}

struct BadSpec {
  const char* spec;
  const char* message_part;
};

TEST(Codec, RejectsBadNamesAndLevelsWithClearErrors) {
  const BadSpec cases[] = {
      {"", "unknown codec"},           {"lz4", "unknown codec"},
      {"gzip9", "unknown codec"},      {"gzip:4", "gzip levels are 0 to 3"},
      {"gzip:-1", "gzip levels are 0 to 3"}, {"gzip:", "level is not a number"},
      {"gzip:1x", "level is not a number"},  {"gzip: 1", "level is not a number"},
      {"zstd:0", "zstd levels are 1 to 19"}, {"zstd:20", "zstd levels are 1 to 19"},
      {"zstd:-8", "-7 to -1"},               {"zstd:fast", "level is not a number"},
      {"zstd:99999999999", "level is not a number"},
  };
  for (const BadSpec& c : cases) {
    std::string error;
    EXPECT_EQ(Codec::parse(c.spec, &error), std::nullopt) << c.spec;
    EXPECT_NE(error.find("invalid compression '" + std::string(c.spec) + "'"), std::string::npos)
        << error;
    EXPECT_NE(error.find(c.message_part), std::string::npos) << c.spec << ": " << error;
  }
}

}  // namespace
}  // namespace hoist::compress

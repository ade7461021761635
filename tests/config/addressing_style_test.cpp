#include "engine/config/addressing_style.h"

#include <gtest/gtest.h>

#include "tests/config/config_test.h"

namespace hoist::config {
namespace {

class AddressingStyleTest : public ConfigTest {
 protected:
  Result<ResolvedAddressingStyle> resolve(const ExplicitOptions& options = {}) {
    return resolve_addressing_style(options, load_shared(options.profile));
  }
};

TEST_F(AddressingStyleTest, DefaultsToAuto) {
  Result<ResolvedAddressingStyle> style = resolve();
  ASSERT_TRUE(is_ok(style));
  EXPECT_EQ(style->style, AddressingStyle::kAuto);
  EXPECT_EQ(style->source, "default");
}

TEST_F(AddressingStyleTest, ReadsTheProfileS3SubSection) {
  std::string config = write_config_file("[profile minio]\ns3 =\n  addressing_style = path\n");
  ExplicitOptions options;
  options.profile = "minio";
  Result<ResolvedAddressingStyle> style = resolve(options);
  ASSERT_TRUE(is_ok(style));
  EXPECT_EQ(style->style, AddressingStyle::kPath);
  EXPECT_EQ(style->source, "profile 'minio' in " + config);

  options.addressing_style = "Virtual";
  style = resolve(options);
  ASSERT_TRUE(is_ok(style));
  EXPECT_EQ(style->style, AddressingStyle::kVirtual);
  EXPECT_EQ(to_string(style->style), "virtual");
}

TEST_F(AddressingStyleTest, UnknownValueIsAnError) {
  std::string config = write_config_file("[default]\ns3 =\n  addressing_style = sideways\n");
  Result<ResolvedAddressingStyle> style = resolve();
  ASSERT_FALSE(style.ok());
  EXPECT_EQ(style.error().message, "addressing_style 'sideways' from profile 'default' in " +
                                       config + " must be auto, path or virtual");
}

}  // namespace
}  // namespace hoist::config

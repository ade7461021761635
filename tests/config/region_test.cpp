#include "engine/config/region.h"

#include <gtest/gtest.h>

#include "tests/config/config_test.h"

namespace hoist::config {
namespace {

class RegionTest : public ConfigTest {
 protected:
  Setting resolve(const ExplicitOptions& options = {}) {
    SharedConfig shared = load_shared(options.profile);
    InstanceMetadataClient metadata(InstanceMetadataClient::options_from(env, &shared));
    return resolve_region(options, env, shared, &metadata);
  }
};

TEST_F(RegionTest, PrecedenceFollowsTheAwsCli) {
  std::string config = write_config_file("[default]\nregion = from-profile\n[profile dev]\nregion = from-dev\n");
  ExplicitOptions options;
  options.region = "from-option";
  env.set("AWS_REGION", "from-aws-region");
  env.set("AWS_DEFAULT_REGION", "from-default-region");

  Setting region = resolve(options);
  EXPECT_EQ(region.value, "from-option");
  EXPECT_EQ(region.source, "explicit option (--region)");
  region = resolve();
  EXPECT_EQ(region.value, "from-aws-region");
  EXPECT_EQ(region.source, "AWS_REGION");
  env.unset("AWS_REGION");
  region = resolve();
  EXPECT_EQ(region.value, "from-default-region");
  EXPECT_EQ(region.source, "AWS_DEFAULT_REGION");
  env.unset("AWS_DEFAULT_REGION");
  region = resolve();
  EXPECT_EQ(region.value, "from-profile");
  EXPECT_EQ(region.source, "profile 'default' in " + config);
  options = ExplicitOptions();
  options.profile = "dev";
  EXPECT_EQ(resolve(options).value, "from-dev");
  write_config_file("");
  region = resolve();
  EXPECT_EQ(region.value, "us-east-1");
  EXPECT_EQ(region.source, "default");
}

TEST_F(RegionTest, NoMetadataClientMeansDefault) {
  EXPECT_EQ(resolve_region({}, env, SharedConfig(IniFile(), IniFile(), "default"), nullptr).value, "us-east-1");
}

}  // namespace
}  // namespace hoist::config

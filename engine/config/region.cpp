#include "engine/config/region.h"

#include "engine/config/text.h"

namespace hoist::config {

Setting resolve_region(const ExplicitOptions& options, const Environment& env, const SharedConfig& shared,
                       InstanceMetadataClient* metadata) {
  if (!options.region.empty()) return {options.region, "explicit option (--region)"};
  for (const char* variable : {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
    if (std::optional<std::string> region = env.get(variable)) return {*region, variable};
  }
  if (std::optional<Setting> region = shared.get("region"); region && !region->value.empty()) {
    return *region;
  }
  if (metadata != nullptr) {
    Result<std::string> region = metadata->get("/latest/meta-data/placement/region");
    if (region.ok() && !trim(region.value()).empty()) {
      return {std::string(trim(region.value())), "instance metadata"};
    }
  }
  return {std::string(kDefaultRegion), "default"};
}

}  // namespace hoist::config

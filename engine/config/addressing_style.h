// How bucket names go into S3 URLs: in the host (virtual-hosted style,
// https://bucket.s3.region.amazonaws.com/key), in the path (https://host/bucket/key, what
// most S3-compatible servers want), or chosen per bucket (auto).
#pragma once

#include <string>
#include <string_view>

#include "engine/config/explicit_options.h"
#include "engine/config/result.h"
#include "engine/config/shared_config.h"

namespace hoist::config {

enum class AddressingStyle { kAuto, kPath, kVirtual };

// "auto", "path" or "virtual".
std::string_view to_string(AddressingStyle style);

struct ResolvedAddressingStyle {
  AddressingStyle style = AddressingStyle::kAuto;
  std::string source;  // where it was set, or "default"
};

// options.addressing_style, else addressing_style in the profile's s3 sub-section:
//   [profile dev]
//   s3 =
//     addressing_style = path
// else auto. Fails on a value other than auto, path or virtual.
Result<ResolvedAddressingStyle> resolve_addressing_style(const ExplicitOptions& options,
                                                         const SharedConfig& shared);

}  // namespace hoist::config

#include "engine/config/addressing_style.h"

#include <optional>

#include "engine/config/text.h"

namespace hoist::config {
namespace {

constexpr AddressingStyle kStyles[] = {AddressingStyle::kAuto, AddressingStyle::kPath,
                                       AddressingStyle::kVirtual};

}  // namespace

std::string_view to_string(AddressingStyle style) {
  switch (style) {
    case AddressingStyle::kPath:
      return "path";
    case AddressingStyle::kVirtual:
      return "virtual";
    case AddressingStyle::kAuto:
      break;
  }
  return "auto";
}

Result<ResolvedAddressingStyle> resolve_addressing_style(const ExplicitOptions& options,
                                                         const SharedConfig& shared) {
  std::optional<Setting> setting;
  if (!options.addressing_style.empty()) {
    setting = Setting{options.addressing_style, "explicit option (--addressing-style)"};
  } else {
    setting = shared.get("s3", "addressing_style");
  }
  if (!setting || setting->value.empty()) return ResolvedAddressingStyle{AddressingStyle::kAuto, "default"};
  for (AddressingStyle style : kStyles) {
    if (equals_ignore_case(setting->value, to_string(style))) {
      return ResolvedAddressingStyle{style, setting->source};
    }
  }
  return failed("addressing_style '" + setting->value + "' from " + setting->source +
                " must be auto, path or virtual");
}

}  // namespace hoist::config

// The test name of a codec spec parameter ("zstd:3" -> "zstd_3", "zstd:-3" -> "zstd_m3"):
// GoogleTest allows only letters, digits and underscores in parameter names.
#pragma once

#include <string>

namespace hoist::test {

template <typename ParamInfo>
std::string codec_param_name(const ParamInfo& info) {
  std::string name = info.param;
  for (char& ch : name) {
    if (ch == ':') ch = '_';
    if (ch == '-') ch = 'm';
  }
  return name;
}

}  // namespace hoist::test

#include "tools/hoist/bandwidth_limit.h"

#include <CLI/CLI.hpp>

#include "tools/hoist/byte_size.h"

namespace hoist::cli {

CLI::Validator bandwidth_limit_into(uint64_t* out) {
  return CLI::Validator(
      [out](std::string& text) -> std::string {
        auto rate = parse_byte_size(text);
        if (!rate) return "'" + text + "' is not a rate in bytes per second (examples: 50M, 1G)";
        if (*rate != 0 && *rate < kMinBandwidthLimit) {
          return "'" + text + "' is below the minimum of 1K bytes per second (50M means 50 MiB/s)";
        }
        *out = *rate;
        return {};
      },
      "RATE");
}

}  // namespace hoist::cli

// --bwlimit RATE: bytes per second with the suffixes of every other size (50M is 50 MiB/s, as
// in rclone), 0 for no cap.
#pragma once

#include <cstdint>

namespace CLI {
class Validator;
}  // namespace CLI

namespace hoist::cli {

// Rates below this are refused: no transfer is served by them, and they are nearly always a
// missing suffix ("--bwlimit 50" for 50M).
inline constexpr uint64_t kMinBandwidthLimit = 1024;

// A CLI11 validator/converter for a --bwlimit value, storing bytes per second into `out`.
CLI::Validator bandwidth_limit_into(uint64_t* out);

}  // namespace hoist::cli

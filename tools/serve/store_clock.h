// The time stores stamp on buckets, objects, parts and uploads.
#pragma once

#include <chrono>
#include <cstdint>

namespace hoist::serve {

// Nanoseconds since the Unix epoch.
inline int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace hoist::serve

#include "tools/hoist/format.h"

#include <cstdio>
#include <ctime>

namespace hoist::cli {

std::string listing_time(std::string_view iso8601) {
  struct tm parsed {};
  std::string text(iso8601);
  const char* end = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &parsed);
  if (end == nullptr) return text;
  time_t seconds = timegm(&parsed);
  struct tm local {};
  localtime_r(&seconds, &local);
  char out[32];
  std::strftime(out, sizeof out, "%Y-%m-%d %H:%M:%S", &local);
  return out;
}

std::string human_size(uint64_t bytes) {
  static constexpr const char* kUnits[] = {"Bytes", "KiB", "MiB", "GiB", "TiB", "PiB"};
  if (bytes < 1024) return std::to_string(bytes) + " Bytes";
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1024 && unit < 5) {
    value /= 1024;
    ++unit;
  }
  char out[32];
  std::snprintf(out, sizeof out, "%.1f %s", value, kUnits[unit]);
  return out;
}

std::string plural(uint64_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

}  // namespace hoist::cli

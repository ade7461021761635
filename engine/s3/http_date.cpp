#include "engine/s3/http_date.h"

#include <time.h>

#include <limits>
#include <string>

namespace hoist::s3 {

std::optional<int64_t> parse_http_date(std::string_view text) {
  std::string copy(text);
  struct tm parsed {};
  // strptime's %a/%b accept the English names HTTP uses in the "C" locale hoist runs in.
  const char* end = ::strptime(copy.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &parsed);
  if (end == nullptr || *end != '\0') return std::nullopt;
  const int64_t seconds = ::timegm(&parsed);
  // Nanoseconds since the epoch fit in 64 bits only for 1677..2262; a server may well send a
  // far date ("Fri, 31 Dec 9999"), which must not overflow the multiplication below.
  constexpr int64_t kLimit = std::numeric_limits<int64_t>::max() / 1'000'000'000;
  if (seconds > kLimit || seconds < -kLimit) return std::nullopt;
  return seconds * 1'000'000'000;
}

}  // namespace hoist::s3

#include "engine/s3/http_date.h"

#include <time.h>

#include <string>

namespace hoist::s3 {

std::optional<int64_t> parse_http_date(std::string_view text) {
  std::string copy(text);
  struct tm parsed {};
  // strptime's %a/%b accept the English names HTTP uses in the "C" locale hoist runs in.
  const char* end = ::strptime(copy.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &parsed);
  if (end == nullptr || *end != '\0') return std::nullopt;
  return static_cast<int64_t>(::timegm(&parsed)) * 1'000'000'000;
}

}  // namespace hoist::s3

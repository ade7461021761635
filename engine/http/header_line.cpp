#include "engine/http/header_line.h"

#include <algorithm>
#include <cctype>

namespace hoist::http {

HeaderLine parse_header_line(std::string_view line) {
  HeaderLine out;
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
  if (line.empty()) {
    out.kind = HeaderLine::Kind::kEnd;
    return out;
  }
  if (line.starts_with("HTTP/")) {
    out.kind = HeaderLine::Kind::kStatus;
    return out;
  }
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos) return out;
  out.kind = HeaderLine::Kind::kField;
  out.name.assign(line.substr(0, colon));
  std::transform(out.name.begin(), out.name.end(), out.name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
    value.remove_prefix(1);
  }
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  out.value.assign(value);
  return out;
}

}  // namespace hoist::http

// Test helpers that read headers back out of a request, by name in any case.
#pragma once

#include <string>
#include <string_view>

#include "sigv4/canonical_request.h"
#include "sigv4/request.h"

namespace hoist::sigv4::testing {

// The value of the first header called `name`, or "" when there is none.
inline std::string header_value(const NameValues& headers, std::string_view name) {
  for (const auto& [n, v] : headers) {
    if (header_name_equals(n, name)) return v;
  }
  return {};
}

inline int header_count(const NameValues& headers, std::string_view name) {
  int count = 0;
  for (const auto& header : headers) count += header_name_equals(header.first, name) ? 1 : 0;
  return count;
}

}  // namespace hoist::sigv4::testing

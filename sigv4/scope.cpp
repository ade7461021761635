#include "sigv4/scope.h"

namespace hoist::sigv4 {

void append_credential_scope(std::string* out, std::string_view date, const Scope& scope) {
  out->append(date);
  out->push_back('/');
  out->append(scope.region);
  out->push_back('/');
  out->append(scope.service);
  out->append("/aws4_request");
}

std::string credential_scope(std::string_view date, const Scope& scope) {
  std::string out;
  append_credential_scope(&out, date, scope);
  return out;
}

}  // namespace hoist::sigv4

#include "tools/serve/store_names.h"

#include <arpa/inet.h>

#include "tools/serve/store_errors.h"

namespace hoist::serve {
namespace {

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

bool looks_like_ipv4(const std::string& name) {
  in_addr addr{};
  return inet_pton(AF_INET, name.c_str(), &addr) == 1;
}

Error invalid_bucket_name(const std::string& bucket) {
  Error e = store_error(400, "InvalidBucketName", "The specified bucket is not valid.");
  e.bucket = bucket;
  return e;
}

}  // namespace

Status check_bucket_name(const std::string& bucket) {
  if (bucket.size() < 3 || bucket.size() > 63) return invalid_bucket_name(bucket);
  if (!is_lower_alnum(bucket.front()) || !is_lower_alnum(bucket.back())) {
    return invalid_bucket_name(bucket);
  }
  for (char c : bucket) {
    if (!is_lower_alnum(c) && c != '.' && c != '-') return invalid_bucket_name(bucket);
  }
  if (bucket.find("..") != std::string::npos || looks_like_ipv4(bucket)) {
    return invalid_bucket_name(bucket);
  }
  return ok_status();
}

Status check_key(const std::string& key) {
  if (key.empty()) return invalid_argument("An object key must not be empty.");
  if (key.size() > kMaxKeyLength) {
    Error e = store_error(400, "KeyTooLongError", "Your key is too long");
    e.key = key;
    return e;
  }
  return ok_status();
}

}  // namespace hoist::serve

#include "engine/api/object_tagging.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "engine/s3/url_decode.h"
#include "engine/transfer/local_error.h"
#include "sigv4/uri_encode.h"

namespace hoist::api {
namespace {

constexpr size_t kMaxTags = 10;
constexpr size_t kMaxKeyLength = 128;
constexpr size_t kMaxValueLength = 256;

Error bad_tagging(const std::string& why) {
  return transfer::invalid_input("InvalidArgument", "--tagging: " + why);
}

// S3's tag character set, in ASCII (it also allows Unicode letters, which hoist does not
// try to classify).
bool allowed(std::string_view text) {
  static constexpr std::string_view kExtra = " +-=._:/@";
  return std::all_of(text.begin(), text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || kExtra.find(c) != std::string_view::npos;
  });
}

}  // namespace

Result<std::string> object_tagging(std::string_view text) {
  if (text.empty()) return bad_tagging("empty (expected k1=v1&k2=v2)");
  std::string out;
  std::set<std::string> keys;
  size_t pos = 0;
  while (pos <= text.size()) {
    const size_t amp = std::min(text.find('&', pos), text.size());
    std::string_view pair = text.substr(pos, amp - pos);
    const size_t eq = pair.find('=');
    if (eq == std::string_view::npos) {
      return bad_tagging("'" + std::string(pair) + "' is not key=value (expected k1=v1&k2=v2)");
    }
    const std::string key = s3::url_decode(pair.substr(0, eq));
    const std::string value = s3::url_decode(pair.substr(eq + 1));
    if (key.empty()) return bad_tagging("a tag has an empty key");
    if (!keys.insert(key).second) return bad_tagging("'" + key + "' is given twice");
    if (key.size() > kMaxKeyLength) return bad_tagging("key '" + key + "' is over 128 characters");
    if (value.size() > kMaxValueLength) {
      return bad_tagging("the value of '" + key + "' is over 256 characters");
    }
    if (!allowed(key) || !allowed(value)) {
      return bad_tagging("'" + key + "=" + value +
                         "' has a character S3 does not allow in tags (letters, digits, "
                         "spaces and + - = . _ : / @)");
    }
    if (!out.empty()) out += '&';
    out += sigv4::uri_encode(key, true) + "=" + sigv4::uri_encode(value, true);
    pos = amp + 1;
  }
  if (keys.size() > kMaxTags) return bad_tagging("more than 10 tags");
  return out;
}

}  // namespace hoist::api

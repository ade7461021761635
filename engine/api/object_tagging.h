// Object tags as a caller writes them for x-amz-tagging: the URL-encoded query form
// "k1=v1&k2=v2" that aws-cli passes on, checked against S3's tag rules.
#pragma once

#include <string>
#include <string_view>

#include "hoist/result.h"

namespace hoist::api {

// The x-amz-tagging value: each key and value decoded, checked and encoded again the same
// way (so "a b", "a+b" and "a%20b" all send "a%20b"). InvalidArgument, naming --tagging and
// the reason, for a pair without '=', an empty or duplicate key, more than 10 tags, a key
// over 128 or a value over 256 characters, or a character S3 does not allow in tags
// (letters, digits, spaces and + - = . _ : / @).
Result<std::string> object_tagging(std::string_view text);

}  // namespace hoist::api

// Which bucket names and object keys a store accepts, by S3's rules. Both stores check every
// name they are given with these before touching their state.
#pragma once

#include <string>

#include "hoist/result.h"

namespace hoist::serve {

inline constexpr size_t kMaxKeyLength = 1024;  // bytes

// 3-63 characters of lowercase letters, digits, '.' and '-'; starting and ending with a letter
// or digit; no ".." and not shaped like an IP address. Otherwise InvalidBucketName (400).
Status check_bucket_name(const std::string& bucket);

// Any non-empty byte string of at most kMaxKeyLength bytes; S3 gives keys no other structure,
// so "..", "//" and a leading '/' are ordinary characters. KeyTooLongError (400) when too long.
Status check_key(const std::string& key);

}  // namespace hoist::serve

// Percent-decoding of the keys S3 returns in listings requested with encoding-type=url.
#pragma once

#include <string>
#include <string_view>

namespace hoist::s3 {

// The value of a hexadecimal digit (either case), or -1 for any other character.
int hex_digit_value(char c);

// Decodes %XX escapes and '+' (S3 encodes a space in listings as '+'). Malformed escapes are
// kept as they are rather than guessed at.
std::string url_decode(std::string_view text);

}  // namespace hoist::s3

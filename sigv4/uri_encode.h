// URI encoding as SigV4 defines it, which is also what S3 expects on the wire: the RFC 3986
// unreserved bytes (A-Z a-z 0-9 - _ . ~) stay, every other byte becomes %XX with uppercase
// hex. Input is taken as bytes, so UTF-8 text is encoded byte by byte. Unlike form encoding,
// a space is %20, never '+', and a '+' is %2B.
#pragma once

#include <string>
#include <string_view>

namespace hoist::sigv4 {

// encode_slash: false for paths, where '/' separates segments and stays; true for query
// names and values, where a '/' is data.
std::string uri_encode(std::string_view in, bool encode_slash);

// Appends uri_encode(in, encode_slash) to *out.
void append_uri_encoded(std::string* out, std::string_view in, bool encode_slash);

}  // namespace hoist::sigv4

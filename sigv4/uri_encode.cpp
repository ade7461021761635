#include "sigv4/uri_encode.h"

#include <array>

namespace hoist::sigv4 {
namespace {

constexpr std::array<bool, 256> unreserved_table() {
  std::array<bool, 256> table{};
  for (int c = 'A'; c <= 'Z'; ++c) table[c] = true;
  for (int c = 'a'; c <= 'z'; ++c) table[c] = true;
  for (int c = '0'; c <= '9'; ++c) table[c] = true;
  for (char c : {'-', '_', '.', '~'}) table[static_cast<unsigned char>(c)] = true;
  return table;
}

constexpr std::array<bool, 256> kUnreserved = unreserved_table();

}  // namespace

void append_uri_encoded(std::string* out, std::string_view in, bool encode_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  // Keys and query values are mostly unreserved bytes: copy those in runs, escape the rest.
  size_t pos = 0;
  while (pos < in.size()) {
    size_t run = pos;
    while (run < in.size()) {
      const auto c = static_cast<unsigned char>(in[run]);
      if (!kUnreserved[c] && (c != '/' || encode_slash)) break;
      ++run;
    }
    out->append(in.data() + pos, run - pos);
    if (run == in.size()) break;
    const auto c = static_cast<unsigned char>(in[run]);
    const char escaped[3] = {'%', kHex[c >> 4], kHex[c & 0x0f]};
    out->append(escaped, 3);
    pos = run + 1;
  }
}

std::string uri_encode(std::string_view in, bool encode_slash) {
  std::string out;
  append_uri_encoded(&out, in, encode_slash);
  return out;
}

}  // namespace hoist::sigv4

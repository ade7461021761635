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
  // Worst case every byte triples; reserving that up front keeps the loop free of growth checks.
  const size_t start = out->size();
  out->resize(start + 3 * in.size());
  char* p = out->data() + start;
  for (char ch : in) {
    const auto c = static_cast<unsigned char>(ch);
    if (kUnreserved[c] || (c == '/' && !encode_slash)) {
      *p++ = ch;
    } else {
      *p++ = '%';
      *p++ = kHex[c >> 4];
      *p++ = kHex[c & 0x0f];
    }
  }
  out->resize(static_cast<size_t>(p - out->data()));
}

std::string uri_encode(std::string_view in, bool encode_slash) {
  std::string out;
  append_uri_encoded(&out, in, encode_slash);
  return out;
}

}  // namespace hoist::sigv4

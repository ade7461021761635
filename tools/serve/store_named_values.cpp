#include "tools/serve/store_named_values.h"

#include <charconv>

namespace hoist::serve {
namespace {

void append_field(std::string& out, const std::string& field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
}

// Reads one "<length>:<bytes>" field at `pos`, advancing it.
std::optional<std::string> read_field(const std::string& in, size_t& pos) {
  size_t colon = in.find(':', pos);
  if (colon == std::string::npos) return std::nullopt;
  size_t length = 0;
  auto [end, ec] = std::from_chars(in.data() + pos, in.data() + colon, length);
  if (ec != std::errc() || end != in.data() + colon || length > in.size() - colon - 1) {
    return std::nullopt;
  }
  pos = colon + 1 + length;
  return in.substr(colon + 1, length);
}

}  // namespace

std::string encode_named_values(const NamedValues& values) {
  std::string out;
  for (const auto& [name, value] : values) {
    append_field(out, name);
    append_field(out, value);
  }
  return out;
}

std::optional<NamedValues> decode_named_values(const std::string& encoded) {
  NamedValues out;
  size_t pos = 0;
  while (pos < encoded.size()) {
    std::optional<std::string> name = read_field(encoded, pos);
    if (!name) return std::nullopt;
    std::optional<std::string> value = read_field(encoded, pos);
    if (!value) return std::nullopt;
    out.emplace_back(std::move(*name), std::move(*value));
  }
  return out;
}

}  // namespace hoist::serve

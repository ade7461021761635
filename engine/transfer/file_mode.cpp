#include "engine/transfer/file_mode.h"

#include <sys/stat.h>

#include <cstdio>

namespace hoist::transfer {

std::string format_mode(uint32_t st_mode) {
  char text[16];
  std::snprintf(text, sizeof text, "0%o", static_cast<unsigned>(S_IFREG | (st_mode & 07777)));
  return text;
}

std::optional<uint32_t> parse_mode(std::string_view text) {
  if (text.empty() || text.size() > 12) return std::nullopt;
  uint32_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '7') return std::nullopt;
    value = value * 8 + static_cast<uint32_t>(c - '0');
  }
  // A directory's, a symlink's or a device's mode says nothing about a regular file.
  const uint32_t kind = value & S_IFMT;
  if (kind != 0 && kind != S_IFREG) return std::nullopt;
  if (value & ~static_cast<uint32_t>(S_IFMT | 07777)) return std::nullopt;
  return value & 0777;
}

}  // namespace hoist::transfer

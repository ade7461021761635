#include "engine/checksum/digest.h"

#include <algorithm>
#include <vector>

#include "engine/checksum/encoding.h"

namespace hoist::checksum {
namespace {

std::optional<Digest> from_decoded(const std::optional<std::vector<std::uint8_t>>& bytes) {
  if (!bytes || bytes->size() > Digest::kMaxSize) return std::nullopt;
  return Digest(*bytes);
}

Digest from_big_endian(std::uint64_t value, std::size_t size) {
  std::array<std::uint8_t, 8> bytes{};
  for (std::size_t i = 0; i < size; ++i) {
    bytes[i] = static_cast<std::uint8_t>(value >> (8 * (size - 1 - i)));
  }
  return Digest(std::span<const std::uint8_t>(bytes.data(), size));
}

}  // namespace

Digest::Digest(std::span<const std::uint8_t> bytes)
    : size_(static_cast<std::uint8_t>(std::min(bytes.size(), kMaxSize))) {
  std::copy_n(bytes.begin(), size_, bytes_.begin());
}

Digest Digest::from_crc32(std::uint32_t crc) { return from_big_endian(crc, 4); }

Digest Digest::from_crc64(std::uint64_t crc) { return from_big_endian(crc, 8); }

std::optional<Digest> Digest::from_base64(std::string_view text) {
  return from_decoded(base64_decode(text));
}

std::optional<Digest> Digest::from_hex(std::string_view text) {
  return from_decoded(hex_decode(text));
}

std::uint64_t Digest::to_uint() const {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < size_ && i < 8; ++i) value = (value << 8) | bytes_[i];
  return value;
}

std::string Digest::to_base64() const { return base64_encode(bytes()); }

std::string Digest::to_hex() const { return hex_encode(bytes()); }

bool operator==(const Digest& a, const Digest& b) {
  return std::ranges::equal(a.bytes(), b.bytes());
}

}  // namespace hoist::checksum

// A checksum or hash value as bytes in the order S3 transmits them: big-endian for CRCs,
// the natural byte order for SHA and MD5 digests.
//
// A small value type (no allocation) so part digests can be stored by the thousand and
// compared directly.
#ifndef HOIST_ENGINE_CHECKSUM_DIGEST_H_
#define HOIST_ENGINE_CHECKSUM_DIGEST_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace hoist::checksum {

class Digest {
 public:
  static constexpr std::size_t kMaxSize = 32;  // SHA-256

  // The empty digest (Algorithm::none).
  Digest() = default;

  // REQUIRES: bytes.size() <= kMaxSize.
  explicit Digest(std::span<const std::uint8_t> bytes);

  // The 4 or 8 big-endian bytes of a CRC value.
  static Digest from_crc32(std::uint32_t crc);
  static Digest from_crc64(std::uint64_t crc);

  // Decodes a header value. nullopt if text is not canonical base64 (or hex) or decodes to
  // more than kMaxSize bytes.
  static std::optional<Digest> from_base64(std::string_view text);
  static std::optional<Digest> from_hex(std::string_view text);

  std::span<const std::uint8_t> bytes() const { return {bytes_.data(), size_}; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  // The digest read as a big-endian integer: the CRC value of a CRC digest.
  // REQUIRES: size() <= 8.
  std::uint64_t to_uint() const;

  std::string to_base64() const;
  std::string to_hex() const;

  friend bool operator==(const Digest& a, const Digest& b);

 private:
  std::array<std::uint8_t, kMaxSize> bytes_{};
  std::uint8_t size_ = 0;
};

}  // namespace hoist::checksum

#endif  // HOIST_ENGINE_CHECKSUM_DIGEST_H_

#include "engine/checksum/hasher.h"

#include "engine/checksum/crc32.h"
#include "engine/checksum/crc64nvme.h"
#include "engine/checksum/message_digest.h"

namespace hoist::checksum {
namespace {

// What differs between the three CRCs: the register type, the update function and the
// combine function. Everything else (streaming, digest byte order) is shared.
template <typename Word, Word (*Update)(Word, std::span<const std::uint8_t>),
          Word (*Combine)(Word, Word, std::uint64_t), Algorithm kAlgorithm>
struct Crc {
  using word = Word;
  static constexpr Algorithm algorithm = kAlgorithm;
  static Word update(Word crc, std::span<const std::uint8_t> data) { return Update(crc, data); }
  static Word combine(Word a, Word b, std::uint64_t len_b) { return Combine(a, b, len_b); }
  static Digest digest(Word crc) {
    if constexpr (sizeof(Word) == 4) {
      return Digest::from_crc32(crc);
    } else {
      return Digest::from_crc64(crc);
    }
  }
};

std::uint64_t crc64nvme_auto(std::uint64_t crc, std::span<const std::uint8_t> data) {
  return crc64nvme(crc, data);
}

using Crc32 = Crc<std::uint32_t, crc32, crc32_combine, Algorithm::crc32>;
using Crc32c = Crc<std::uint32_t, crc32c, crc32c_combine, Algorithm::crc32c>;
using Crc64Nvme = Crc<std::uint64_t, crc64nvme_auto, crc64nvme_combine, Algorithm::crc64nvme>;

template <typename C>
class CrcHasher final : public Hasher {
 public:
  Algorithm algorithm() const override { return C::algorithm; }
  void update(std::span<const std::uint8_t> data) override { crc_ = C::update(crc_, data); }
  Digest finish() override {
    const Digest d = C::digest(crc_);
    crc_ = 0;
    return d;
  }

 private:
  typename C::word crc_ = 0;
};

template <typename C>
std::optional<Digest> combine_crc(const Digest& a, const Digest& b, std::uint64_t len_b) {
  constexpr std::size_t kSize = sizeof(typename C::word);
  if (a.size() != kSize || b.size() != kSize) return std::nullopt;
  using Word = typename C::word;
  return C::digest(C::combine(static_cast<Word>(a.to_uint()), static_cast<Word>(b.to_uint()),
                              len_b));
}

}  // namespace

std::unique_ptr<Hasher> make_hasher(Algorithm algorithm) {
  switch (algorithm) {
    case Algorithm::crc32:
      return std::make_unique<CrcHasher<Crc32>>();
    case Algorithm::crc32c:
      return std::make_unique<CrcHasher<Crc32c>>();
    case Algorithm::crc64nvme:
      return std::make_unique<CrcHasher<Crc64Nvme>>();
    case Algorithm::sha1:
    case Algorithm::sha256:
    case Algorithm::md5:
      return std::make_unique<MessageDigest>(algorithm);
    case Algorithm::none:
      break;
  }
  return nullptr;
}

Digest digest_of(Algorithm algorithm, std::span<const std::uint8_t> data) {
  switch (algorithm) {
    case Algorithm::crc32:
      return Crc32::digest(Crc32::update(0, data));
    case Algorithm::crc32c:
      return Crc32c::digest(Crc32c::update(0, data));
    case Algorithm::crc64nvme:
      return Crc64Nvme::digest(Crc64Nvme::update(0, data));
    case Algorithm::sha1:
      return sha1(data);
    case Algorithm::sha256:
      return sha256(data);
    case Algorithm::md5:
      return md5(data);
    case Algorithm::none:
      break;
  }
  return Digest();
}

std::optional<Digest> combine(Algorithm algorithm, const Digest& a, const Digest& b,
                              std::uint64_t len_b) {
  switch (algorithm) {
    case Algorithm::crc32:
      return combine_crc<Crc32>(a, b, len_b);
    case Algorithm::crc32c:
      return combine_crc<Crc32c>(a, b, len_b);
    case Algorithm::crc64nvme:
      return combine_crc<Crc64Nvme>(a, b, len_b);
    default:
      return std::nullopt;
  }
}

}  // namespace hoist::checksum

// One interface over every checksum algorithm, so the engine can hash a part without
// knowing which algorithm the user chose.
//
// A Hasher is used by one thread at a time; make one per stream of bytes. Typical use:
//
//   auto hasher = make_hasher(Algorithm::crc64nvme);
//   hasher->update(part);
//   headers[header_name(alg)] = hasher->finish().to_base64();
#ifndef HOIST_ENGINE_CHECKSUM_HASHER_H_
#define HOIST_ENGINE_CHECKSUM_HASHER_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include "engine/checksum/algorithm.h"
#include "engine/checksum/digest.h"

namespace hoist::checksum {

// The bytes of a char buffer (a pooled buffer, a response body) as the hashers take them.
inline std::span<const std::uint8_t> bytes_of(const char* data, std::size_t size) {
  return {reinterpret_cast<const std::uint8_t*>(data), size};
}

class Hasher {
 public:
  virtual ~Hasher() = default;

  virtual Algorithm algorithm() const = 0;

  // Adds data to the bytes hashed so far.
  virtual void update(std::span<const std::uint8_t> data) = 0;

  // Returns the digest of everything given to update() since construction or the last
  // finish(), and starts over, so one Hasher can hash many parts in turn.
  virtual Digest finish() = 0;
};

// A hasher for algorithm; nullptr for Algorithm::none (there is nothing to compute).
std::unique_ptr<Hasher> make_hasher(Algorithm algorithm);

// One-shot digest of data. Empty for Algorithm::none.
Digest digest_of(Algorithm algorithm, std::span<const std::uint8_t> data);

// For CRCs: the digest of A || B from the digests of A and B and the length of B, in
// O(log len_b). nullopt if algorithm is not a CRC (see is_crc()) or a digest has the wrong
// size for it.
std::optional<Digest> combine(Algorithm algorithm, const Digest& a, const Digest& b,
                              std::uint64_t len_b);

}  // namespace hoist::checksum

#endif  // HOIST_ENGINE_CHECKSUM_HASHER_H_

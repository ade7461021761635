// SHA-1, SHA-256 and MD5 through OpenSSL's EVP interface, which uses the SHA extensions
// (SHA-NI) and assembly where the CPU has them.
//
// OpenSSL types stay in message_digest.cpp; callers see only this class and the one-shot
// functions.
#ifndef HOIST_ENGINE_CHECKSUM_MESSAGE_DIGEST_H_
#define HOIST_ENGINE_CHECKSUM_MESSAGE_DIGEST_H_

#include <cstdint>
#include <memory>
#include <span>

#include "engine/checksum/algorithm.h"
#include "engine/checksum/digest.h"
#include "engine/checksum/hasher.h"

namespace hoist::checksum {

// A streaming SHA-1, SHA-256 or MD5. Not thread-safe; one per stream.
class MessageDigest final : public Hasher {
 public:
  // REQUIRES: algorithm is Algorithm::sha1, Algorithm::sha256 or Algorithm::md5.
  explicit MessageDigest(Algorithm algorithm);
  ~MessageDigest() override;

  MessageDigest(const MessageDigest&) = delete;
  MessageDigest& operator=(const MessageDigest&) = delete;

  Algorithm algorithm() const override { return algorithm_; }
  void update(std::span<const std::uint8_t> data) override;
  Digest finish() override;

 private:
  struct Context;
  Algorithm algorithm_;
  std::unique_ptr<Context> context_;
};

Digest sha256(std::span<const std::uint8_t> data);
Digest sha1(std::span<const std::uint8_t> data);
Digest md5(std::span<const std::uint8_t> data);

}  // namespace hoist::checksum

#endif  // HOIST_ENGINE_CHECKSUM_MESSAGE_DIGEST_H_

#include "engine/checksum/message_digest.h"

#include <openssl/evp.h>

#include <cstdio>
#include <cstdlib>

namespace hoist::checksum {
namespace {

// Fetching an EVP_MD looks the algorithm up in the provider tables; do it once per
// algorithm instead of on every init. The fetched objects live for the whole process.
const EVP_MD* fetch(Algorithm algorithm) {
  static EVP_MD* const sha1 = EVP_MD_fetch(nullptr, "SHA1", nullptr);
  static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  static EVP_MD* const md5 = EVP_MD_fetch(nullptr, "MD5", nullptr);
  switch (algorithm) {
    case Algorithm::sha1:
      return sha1;
    case Algorithm::sha256:
      return sha256;
    case Algorithm::md5:
      return md5;
    default:
      return nullptr;
  }
}

// EVP calls fail only on allocation failure or an unavailable provider (MD5 under a
// FIPS-only configuration); a digest that silently came out wrong would be worse than
// stopping.
void check(int ok, const char* what) {
  if (ok == 1) return;
  std::fprintf(stderr, "hoist: OpenSSL %s failed\n", what);
  std::abort();
}

Digest one_shot(Algorithm algorithm, std::span<const std::uint8_t> data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  check(EVP_Digest(data.data(), data.size(), out, &size, fetch(algorithm), nullptr),
        "EVP_Digest");
  return Digest(std::span<const std::uint8_t>(out, size));
}

}  // namespace

struct MessageDigest::Context {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ~Context() { EVP_MD_CTX_free(ctx); }
};

MessageDigest::MessageDigest(Algorithm algorithm)
    : algorithm_(algorithm), context_(std::make_unique<Context>()) {
  const EVP_MD* md = fetch(algorithm);
  check(context_->ctx != nullptr && md != nullptr ? 1 : 0, "digest setup");
  check(EVP_DigestInit_ex2(context_->ctx, md, nullptr), "EVP_DigestInit_ex2");
}

MessageDigest::~MessageDigest() = default;

void MessageDigest::update(std::span<const std::uint8_t> data) {
  check(EVP_DigestUpdate(context_->ctx, data.data(), data.size()), "EVP_DigestUpdate");
}

Digest MessageDigest::finish() {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  check(EVP_DigestFinal_ex(context_->ctx, out, &size), "EVP_DigestFinal_ex");
  check(EVP_DigestInit_ex2(context_->ctx, nullptr, nullptr), "EVP_DigestInit_ex2");
  return Digest(std::span<const std::uint8_t>(out, size));
}

Digest sha256(std::span<const std::uint8_t> data) { return one_shot(Algorithm::sha256, data); }

Digest sha1(std::span<const std::uint8_t> data) { return one_shot(Algorithm::sha1, data); }

Digest md5(std::span<const std::uint8_t> data) { return one_shot(Algorithm::md5, data); }

}  // namespace hoist::checksum

#include "sigv4/signing_key.h"

#include <openssl/crypto.h>

#include <string>

namespace hoist::sigv4 {
namespace {

// Wipes a copy of the secret when it goes out of scope, however the scope is left, so that it
// does not linger in freed heap memory.
class WipeOnExit {
 public:
  explicit WipeOnExit(std::string* secret) : secret_(secret) {}
  ~WipeOnExit() { OPENSSL_cleanse(secret_->data(), secret_->size()); }
  WipeOnExit(const WipeOnExit&) = delete;
  WipeOnExit& operator=(const WipeOnExit&) = delete;

 private:
  std::string* const secret_;
};

}  // namespace

SigningKey signing_key(std::string_view secret_access_key, std::string_view date,
                       std::string_view region, std::string_view service) {
  std::string seed = "AWS4";
  seed.append(secret_access_key);
  const WipeOnExit wipe(&seed);
  const std::span<const unsigned char> seed_bytes(
      reinterpret_cast<const unsigned char*>(seed.data()), seed.size());
  SigningKey key = hmac_sha256(seed_bytes, date);
  key = hmac_sha256(key, region);
  key = hmac_sha256(key, service);
  return hmac_sha256(key, "aws4_request");
}

}  // namespace hoist::sigv4

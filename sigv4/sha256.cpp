#include "sigv4/sha256.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <algorithm>
#include <stdexcept>

namespace hoist::sigv4 {
namespace {

// OpenSSL only fails here when it is out of memory or misconfigured (no default provider);
// neither is something a caller can handle request by request.
void check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("sigv4: OpenSSL ") + what + " failed");
}

// Fetching an algorithm looks it up in the provider registry under a lock; doing it once per
// process instead of inside every EVP_*Init keeps that off the signing path.
const EVP_MD* sha256_algorithm() {
  static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA2-256", nullptr);
  check(md != nullptr, "EVP_MD_fetch(SHA2-256)");
  return md;
}

EVP_MAC* hmac_algorithm() {
  static EVP_MAC* const mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  check(mac != nullptr, "EVP_MAC_fetch(HMAC)");
  return mac;
}

// One digest and one MAC context per thread, reinitialised for each use.
class ThreadContexts {
 public:
  ThreadContexts() : md_(EVP_MD_CTX_new()), mac_(EVP_MAC_CTX_new(hmac_algorithm())) {
    check(md_ != nullptr && mac_ != nullptr, "context allocation");
    // Set the digest once: passing it to every EVP_MAC_init would fetch it again each time.
    char digest[] = "SHA2-256";
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
        OSSL_PARAM_construct_end()};
    check(EVP_MAC_CTX_set_params(mac_, params) == 1, "EVP_MAC_CTX_set_params");
  }
  ~ThreadContexts() {
    OPENSSL_cleanse(mac_key_.data(), mac_key_.size());
    EVP_MAC_CTX_free(mac_);
    EVP_MD_CTX_free(md_);
  }
  ThreadContexts(const ThreadContexts&) = delete;
  ThreadContexts& operator=(const ThreadContexts&) = delete;

  EVP_MD_CTX* md() { return md_; }

  // The MAC context, initialised for `key`. A thread signs request after request with the
  // same signing key; initialising with a null key makes OpenSSL restart from the key
  // schedule it already holds instead of copying and hashing the key again, which saves
  // about a third of each signature's HMAC.
  EVP_MAC_CTX* mac_for(std::span<const unsigned char> key) {
    const bool same_key = mac_keyed_ && key.size() == mac_key_.size() &&
                          std::equal(key.begin(), key.end(), mac_key_.begin());
    if (same_key) {
      check(EVP_MAC_init(mac_, nullptr, 0, nullptr) == 1, "EVP_MAC_init");
      return mac_;
    }
    // A null key means "reuse the previous one" to OpenSSL, so an empty key must still point
    // somewhere.
    static const unsigned char kNoKey = 0;
    mac_keyed_ = false;
    check(EVP_MAC_init(mac_, key.empty() ? &kNoKey : key.data(), key.size(), nullptr) == 1,
          "EVP_MAC_init");
    if (key.size() == mac_key_.size()) {  // only derived keys repeat; remember those
      std::copy(key.begin(), key.end(), mac_key_.begin());
      mac_keyed_ = true;
    }
    return mac_;
  }

 private:
  EVP_MD_CTX* const md_;
  EVP_MAC_CTX* const mac_;
  bool mac_keyed_ = false;
  Digest mac_key_{};
};

ThreadContexts& thread_contexts() {
  thread_local ThreadContexts contexts;
  return contexts;
}

}  // namespace

Digest sha256(std::string_view data) {
  EVP_MD_CTX* ctx = thread_contexts().md();
  Digest out;
  unsigned int len = 0;
  check(EVP_DigestInit_ex2(ctx, sha256_algorithm(), nullptr) == 1 &&
            EVP_DigestUpdate(ctx, data.data(), data.size()) == 1 &&
            EVP_DigestFinal_ex(ctx, out.data(), &len) == 1 && len == out.size(),
        "SHA-256");
  return out;
}

Digest hmac_sha256(std::span<const unsigned char> key, std::string_view data) {
  EVP_MAC_CTX* ctx = thread_contexts().mac_for(key);
  Digest out;
  size_t len = 0;
  check(EVP_MAC_update(ctx, reinterpret_cast<const unsigned char*>(data.data()), data.size()) ==
                1 &&
            EVP_MAC_final(ctx, out.data(), &len, out.size()) == 1 && len == out.size(),
        "HMAC-SHA256");
  return out;
}

void append_hex(std::string* out, std::span<const unsigned char> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  const size_t start = out->size();
  out->resize(start + 2 * bytes.size());
  char* p = out->data() + start;
  for (unsigned char b : bytes) {
    *p++ = kDigits[b >> 4];
    *p++ = kDigits[b & 0x0f];
  }
}

std::string to_hex(std::span<const unsigned char> bytes) {
  std::string out;
  append_hex(&out, bytes);
  return out;
}

std::string hex_sha256(std::string_view data) { return to_hex(sha256(data)); }

}  // namespace hoist::sigv4

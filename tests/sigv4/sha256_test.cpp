#include "sigv4/sha256.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace hoist::sigv4 {
namespace {

std::span<const unsigned char> bytes(std::string_view s) {
  return {reinterpret_cast<const unsigned char*>(s.data()), s.size()};
}

// FIPS 180-2 appendix B.1.
TEST(Sha256, KnownAnswer) {
  EXPECT_EQ(hex_sha256("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256, EmptyPayloadConstantIsTheHashOfNothing) {
  EXPECT_EQ(hex_sha256(""), EMPTY_PAYLOAD_SHA256);
}

// RFC 4231 test case 2.
TEST(HmacSha256, KnownAnswer) {
  EXPECT_EQ(to_hex(hmac_sha256(bytes("Jefe"), "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

// A key longer than the SHA-256 block is hashed first (RFC 4231 test case 6).
TEST(HmacSha256, LongKey) {
  const std::string key(131, '\xaa');
  EXPECT_EQ(to_hex(hmac_sha256(bytes(key), "Test Using Larger Than Block-Size Key - Hash Key First")),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

// An empty key must not be mistaken for "reuse the previous key".
TEST(HmacSha256, EmptyKeyAfterAnotherKey) {
  hmac_sha256(bytes("Jefe"), "warm up the thread's context with a key");
  EXPECT_EQ(to_hex(hmac_sha256({}, "")),
            "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

// A thread reuses the key schedule when the key repeats; switching keys must not confuse it.
// Expected values from Python's hmac module.
TEST(HmacSha256, RepeatedAndAlternatingKeys) {
  Digest first{};
  Digest second{};
  for (unsigned char i = 0; i < 32; ++i) {
    first[i] = i;
    second[i] = static_cast<unsigned char>(i + 1);
  }
  const std::string kFirst = "fa96415868fc2c73679b0549aab766208bcbf5b5cf9398d6e09d694963779b9a";
  const std::string kSecond = "93688e214698b29f51dd9896d60616a0624752ce1cf86c4a8c2b84758ee412cf";
  EXPECT_EQ(to_hex(hmac_sha256(first, "string to sign")), kFirst);
  EXPECT_EQ(to_hex(hmac_sha256(first, "string to sign")), kFirst);
  EXPECT_EQ(to_hex(hmac_sha256(second, "string to sign")), kSecond);
  EXPECT_EQ(to_hex(hmac_sha256(first, "string to sign")), kFirst);
  EXPECT_EQ(to_hex(hmac_sha256(bytes("Jefe"), "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(to_hex(hmac_sha256(first, "string to sign")), kFirst);
}

TEST(Hex, LowercaseTwoDigitsPerByte) {
  const unsigned char data[] = {0x00, 0x0f, 0xa0, 0xff};
  EXPECT_EQ(to_hex(data), "000fa0ff");
  std::string out = "x";
  append_hex(&out, data);
  EXPECT_EQ(out, "x000fa0ff");
}

// Each thread has its own OpenSSL contexts; hashing from many at once must not mix them up.
TEST(Sha256, ConcurrentThreadsAgree) {
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &mismatches] {
      const std::string input = "thread " + std::to_string(t);
      const std::string expected = hex_sha256(input);
      for (int i = 0; i < 2000; ++i) {
        if (hex_sha256(input) != expected) ++mismatches[t];
        hmac_sha256(bytes(input), input);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

}  // namespace
}  // namespace hoist::sigv4

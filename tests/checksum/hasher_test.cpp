// The algorithm registry, the Hasher interface over every algorithm, digest encodings and
// SHA/MD5 against published test vectors.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "engine/checksum/algorithm.h"
#include "engine/checksum/crc32.h"
#include "engine/checksum/crc64nvme.h"
#include "engine/checksum/hasher.h"
#include "engine/checksum/message_digest.h"
#include "tests/checksum/crc_reference.h"

namespace hoist::checksum {
namespace {

using testing::bytes_of;

constexpr Algorithm kAll[] = {Algorithm::crc32, Algorithm::crc32c, Algorithm::crc64nvme,
                              Algorithm::sha1,  Algorithm::sha256, Algorithm::md5};

TEST(Algorithm, ParsesEveryNameIgnoringCase) {
  EXPECT_EQ(parse_algorithm("CRC32"), Algorithm::crc32);
  EXPECT_EQ(parse_algorithm("crc32c"), Algorithm::crc32c);
  EXPECT_EQ(parse_algorithm("Crc64Nvme"), Algorithm::crc64nvme);
  EXPECT_EQ(parse_algorithm("sha1"), Algorithm::sha1);
  EXPECT_EQ(parse_algorithm("SHA256"), Algorithm::sha256);
  EXPECT_EQ(parse_algorithm("md5"), Algorithm::md5);
  EXPECT_EQ(parse_algorithm("NONE"), Algorithm::none);
  for (Algorithm a : kAll) EXPECT_EQ(parse_algorithm(algorithm_name(a)), a);
}

TEST(Algorithm, RejectsUnknownNamesWithAClearError) {
  for (const char* bad : {"", "crc", "sha-256", "crc32 ", "xxhash", "crc64"}) {
    std::string error;
    EXPECT_EQ(parse_algorithm(bad, &error), std::nullopt) << bad;
    EXPECT_NE(error.find("unknown checksum algorithm '" + std::string(bad) + "'"),
              std::string::npos)
        << error;
    EXPECT_NE(error.find("CRC64NVME"), std::string::npos) << error;
  }
  EXPECT_EQ(parse_algorithm("bogus"), std::nullopt);  // no error sink: still just nullopt
}

TEST(Algorithm, HeaderNamesAndSizes) {
  EXPECT_EQ(header_name(Algorithm::crc32), "x-amz-checksum-crc32");
  EXPECT_EQ(header_name(Algorithm::crc32c), "x-amz-checksum-crc32c");
  EXPECT_EQ(header_name(Algorithm::crc64nvme), "x-amz-checksum-crc64nvme");
  EXPECT_EQ(header_name(Algorithm::sha1), "x-amz-checksum-sha1");
  EXPECT_EQ(header_name(Algorithm::sha256), "x-amz-checksum-sha256");
  EXPECT_EQ(header_name(Algorithm::md5), "content-md5");
  EXPECT_EQ(header_name(Algorithm::none), "");
  for (Algorithm a : kAll) {
    EXPECT_EQ(digest_of(a, bytes_of("x")).size(), digest_size(a)) << algorithm_name(a);
  }
  EXPECT_EQ(digest_size(Algorithm::none), 0u);
  EXPECT_TRUE(is_crc(Algorithm::crc64nvme));
  EXPECT_FALSE(is_crc(Algorithm::sha256));
}

// The values S3 shows for "123456789" in x-amz-checksum-* headers.
TEST(Hasher, HeaderValuesOfTheCheckString) {
  const auto check = bytes_of("123456789");
  EXPECT_EQ(digest_of(Algorithm::crc32, check).to_base64(), "y/Q5Jg==");
  EXPECT_EQ(digest_of(Algorithm::crc32c, check).to_base64(), "4waSgw==");
  EXPECT_EQ(digest_of(Algorithm::crc64nvme, check).to_base64(), "rosUhgp5mIg=");
  EXPECT_EQ(digest_of(Algorithm::crc64nvme, check).to_hex(), "ae8b14860a799888");
  EXPECT_EQ(digest_of(Algorithm::crc64nvme, check).to_uint(), 0xAE8B14860A799888u);
}

// FIPS 180-2 / RFC 1321 vectors.
TEST(MessageDigest, KnownVectors) {
  EXPECT_EQ(sha256(bytes_of("")).to_hex(),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256(bytes_of("abc")).to_hex(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256(bytes_of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).to_hex(),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha1(bytes_of("")).to_hex(), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  EXPECT_EQ(sha1(bytes_of("abc")).to_hex(), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(md5(bytes_of("")).to_hex(), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(md5(bytes_of("abc")).to_hex(), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(md5(bytes_of("message digest")).to_hex(), "f96b697d7cb7938d525a2f31aaf161d0");
}

TEST(MessageDigest, MillionAs) {
  const std::string a(1000000, 'a');
  MessageDigest h(Algorithm::sha256);
  for (std::size_t i = 0; i < a.size(); i += 999) {
    h.update(bytes_of(std::string_view(a).substr(i, 999)));
  }
  EXPECT_EQ(h.finish().to_hex(),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  EXPECT_EQ(sha1(bytes_of(a)).to_hex(), "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
  EXPECT_EQ(md5(bytes_of(a)).to_hex(), "7707d6ae4e027c70eea2a935c2296f21");
}

// Streaming through the interface in random pieces equals the one-shot digest, and
// finish() starts the hasher over.
TEST(Hasher, StreamingMatchesOneShotForEveryAlgorithm) {
  std::mt19937_64 rng(5);
  const std::vector<std::uint8_t> data = testing::random_bytes(rng, 100000);
  const std::span<const std::uint8_t> all(data);
  for (Algorithm a : kAll) {
    const std::unique_ptr<Hasher> h = make_hasher(a);
    ASSERT_NE(h, nullptr);
    EXPECT_EQ(h->algorithm(), a);
    for (int round = 0; round < 2; ++round) {
      std::size_t pos = 0;
      while (pos < all.size()) {
        const std::size_t n = std::min<std::size_t>(all.size() - pos, rng() % 7000);
        h->update(all.subspan(pos, n));
        pos += n;
      }
      EXPECT_EQ(h->finish(), digest_of(a, all)) << algorithm_name(a) << " round " << round;
    }
    EXPECT_EQ(h->finish(), digest_of(a, {})) << algorithm_name(a);
  }
}

TEST(Hasher, NoneHasNoHasher) {
  EXPECT_EQ(make_hasher(Algorithm::none), nullptr);
  EXPECT_TRUE(digest_of(Algorithm::none, bytes_of("abc")).empty());
}

TEST(Hasher, CombineJoinsCrcDigests) {
  const auto a = bytes_of("hello, ");
  const auto b = bytes_of("world");
  const std::string whole = "hello, world";
  for (Algorithm alg : {Algorithm::crc32, Algorithm::crc32c, Algorithm::crc64nvme}) {
    const auto joined = combine(alg, digest_of(alg, a), digest_of(alg, b), b.size());
    ASSERT_TRUE(joined.has_value()) << algorithm_name(alg);
    EXPECT_EQ(*joined, digest_of(alg, bytes_of(whole))) << algorithm_name(alg);
  }
}

TEST(Hasher, CombineRefusesWhatItCannotJoin) {
  const auto x = bytes_of("x");
  EXPECT_EQ(combine(Algorithm::sha256, sha256(x), sha256(x), 1), std::nullopt);
  EXPECT_EQ(combine(Algorithm::md5, md5(x), md5(x), 1), std::nullopt);
  EXPECT_EQ(combine(Algorithm::none, Digest(), Digest(), 1), std::nullopt);
  // A CRC32 digest handed over as CRC64NVME is a caller error, not something to truncate.
  EXPECT_EQ(combine(Algorithm::crc64nvme, digest_of(Algorithm::crc32, x),
                    digest_of(Algorithm::crc32, x), 1),
            std::nullopt);
}

}  // namespace
}  // namespace hoist::checksum

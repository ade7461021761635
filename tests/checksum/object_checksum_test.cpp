// Object-level checksums and ETags from part digests, against values computed independently
// (Python's hashlib and zlib over the same parts) and against hashing the whole object.
#include <gtest/gtest.h>

#include <vector>

#include "engine/checksum/hasher.h"
#include "engine/checksum/message_digest.h"
#include "engine/checksum/object_checksum.h"

namespace hoist::checksum {
namespace {

// Part i holds bytes (7i + j) mod 251; the same parts produced the expected values below.
std::vector<std::vector<std::uint8_t>> sample_parts() {
  std::vector<std::vector<std::uint8_t>> parts;
  const std::size_t sizes[] = {1000, 2000, 1500};
  for (std::size_t i = 0; i < 3; ++i) {
    std::vector<std::uint8_t> p(sizes[i]);
    for (std::size_t j = 0; j < p.size(); ++j) p[j] = static_cast<std::uint8_t>((7 * i + j) % 251);
    parts.push_back(std::move(p));
  }
  return parts;
}

std::vector<Digest> part_digests(Algorithm a) {
  std::vector<Digest> out;
  for (const auto& p : sample_parts()) out.push_back(digest_of(a, p));
  return out;
}

std::vector<PartDigest> part_digests_with_sizes(Algorithm a) {
  std::vector<PartDigest> out;
  for (const auto& p : sample_parts()) out.push_back({digest_of(a, p), p.size()});
  return out;
}

std::vector<std::uint8_t> whole_object() {
  std::vector<std::uint8_t> whole;
  for (const auto& p : sample_parts()) whole.insert(whole.end(), p.begin(), p.end());
  return whole;
}

TEST(ObjectChecksum, MultipartEtag) {
  EXPECT_EQ(object_etag(part_digests(Algorithm::md5), UploadKind::multipart),
            "fdc676b1f6472b791d9a199590dff06e-3");
  const std::vector<Digest> first = {part_digests(Algorithm::md5).front()};
  EXPECT_EQ(object_etag(first, UploadKind::multipart), "8095c9a55a015997641a73d5b29c8e54-1");
  EXPECT_EQ(object_etag(first, UploadKind::single_request), "a24f1e3ef66950e1327f210e3997ba2c");
}

TEST(ObjectChecksum, EtagRejectsBadInput) {
  EXPECT_EQ(object_etag({}, UploadKind::multipart), std::nullopt);
  EXPECT_EQ(object_etag(part_digests(Algorithm::md5), UploadKind::single_request), std::nullopt);
  EXPECT_EQ(object_etag(part_digests(Algorithm::sha256), UploadKind::multipart), std::nullopt);
}

TEST(ObjectChecksum, CompositeValues) {
  EXPECT_EQ(composite_checksum(Algorithm::sha256, part_digests(Algorithm::sha256),
                               UploadKind::multipart),
            "LuT+ppfb10D8TcCV/he3xnJWh42c0LJPRCvZNUWiOLU=-3");
  EXPECT_EQ(composite_checksum(Algorithm::sha1, part_digests(Algorithm::sha1),
                               UploadKind::multipart),
            "AxLOwD6v2ZEfYnwQfap0oCNYlIk=-3");
  EXPECT_EQ(composite_checksum(Algorithm::crc32, part_digests(Algorithm::crc32),
                               UploadKind::multipart),
            "TX8Y8Q==-3");
  const std::vector<Digest> first = {part_digests(Algorithm::sha256).front()};
  EXPECT_EQ(composite_checksum(Algorithm::sha256, first, UploadKind::single_request),
            "TkwpSzMfeiCZo3m+w0ufn8A9xGq0ZdmY9NaD2lNIfm0=");
}

// CRC32C has no Python reference at hand: build the checksum of checksums by hand.
TEST(ObjectChecksum, CompositeCrc32cIsTheCrcOfTheBigEndianPartCrcs) {
  const std::vector<Digest> parts = part_digests(Algorithm::crc32c);
  std::vector<std::uint8_t> concatenated;
  for (const Digest& d : parts) concatenated.insert(concatenated.end(), d.bytes().begin(),
                                                    d.bytes().end());
  EXPECT_EQ(concatenated.size(), 12u);
  EXPECT_EQ(composite_checksum(Algorithm::crc32c, parts, UploadKind::multipart),
            digest_of(Algorithm::crc32c, concatenated).to_base64() + "-3");
}

TEST(ObjectChecksum, CompositeFollowsS3sAlgorithmRules) {
  EXPECT_EQ(composite_checksum(Algorithm::crc64nvme, part_digests(Algorithm::crc64nvme),
                               UploadKind::multipart),
            std::nullopt);
  EXPECT_EQ(composite_checksum(Algorithm::md5, part_digests(Algorithm::md5),
                               UploadKind::multipart),
            std::nullopt);
  EXPECT_EQ(composite_checksum(Algorithm::sha256, {}, UploadKind::multipart), std::nullopt);
  EXPECT_EQ(composite_checksum(Algorithm::sha256, part_digests(Algorithm::sha1),
                               UploadKind::multipart),
            std::nullopt);
  EXPECT_TRUE(supports_checksum_type(Algorithm::crc32c, ChecksumType::composite));
  EXPECT_TRUE(supports_checksum_type(Algorithm::crc32c, ChecksumType::full_object));
  EXPECT_FALSE(supports_checksum_type(Algorithm::sha1, ChecksumType::full_object));
  EXPECT_FALSE(supports_checksum_type(Algorithm::crc64nvme, ChecksumType::composite));
}

TEST(ObjectChecksum, FullObjectEqualsTheChecksumOfTheWholeObject) {
  EXPECT_EQ(full_object_checksum(Algorithm::crc32, part_digests_with_sizes(Algorithm::crc32))
                ->to_base64(),
            "Sle8VQ==");
  for (Algorithm a : {Algorithm::crc32, Algorithm::crc32c, Algorithm::crc64nvme}) {
    EXPECT_EQ(full_object_checksum(a, part_digests_with_sizes(a)), digest_of(a, whole_object()))
        << algorithm_name(a);
  }
}

TEST(ObjectChecksum, FullObjectHandlesEmptyParts) {
  std::vector<PartDigest> parts = part_digests_with_sizes(Algorithm::crc64nvme);
  parts.insert(parts.begin() + 1, PartDigest{digest_of(Algorithm::crc64nvme, {}), 0});
  EXPECT_EQ(full_object_checksum(Algorithm::crc64nvme, parts),
            digest_of(Algorithm::crc64nvme, whole_object()));
}

TEST(ObjectChecksum, FullObjectRejectsBadInput) {
  EXPECT_EQ(full_object_checksum(Algorithm::sha256, part_digests_with_sizes(Algorithm::sha256)),
            std::nullopt);
  EXPECT_EQ(full_object_checksum(Algorithm::crc32, {}), std::nullopt);
  EXPECT_EQ(full_object_checksum(Algorithm::crc64nvme, part_digests_with_sizes(Algorithm::crc32)),
            std::nullopt);
}

}  // namespace
}  // namespace hoist::checksum

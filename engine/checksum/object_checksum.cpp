#include "engine/checksum/object_checksum.h"

#include "engine/checksum/hasher.h"

namespace hoist::checksum {
namespace {

bool sizes_match(std::span<const Digest> digests, std::size_t size) {
  for (const Digest& d : digests) {
    if (d.size() != size) return false;
  }
  return true;
}

bool valid_part_count(std::size_t parts, UploadKind kind) {
  return kind == UploadKind::single_request ? parts == 1 : parts > 0;
}

// H(d1 || ... || dN), suffixed "-N" for multipart uploads; a single request's value is the
// digest itself. Encoded by `encode` (base64 for checksums, hex for ETags).
template <typename Encode>
std::string checksum_of_checksums(Algorithm algorithm, std::span<const Digest> parts,
                                  UploadKind kind, Encode encode) {
  if (kind == UploadKind::single_request) return encode(parts.front());
  const std::unique_ptr<Hasher> hasher = make_hasher(algorithm);
  for (const Digest& d : parts) hasher->update(d.bytes());
  return encode(hasher->finish()) + "-" + std::to_string(parts.size());
}

}  // namespace

bool supports_checksum_type(Algorithm algorithm, ChecksumType type) {
  switch (algorithm) {
    case Algorithm::crc32:
    case Algorithm::crc32c:
      return true;
    case Algorithm::crc64nvme:
      return type == ChecksumType::full_object;
    case Algorithm::sha1:
    case Algorithm::sha256:
      return type == ChecksumType::composite;
    case Algorithm::md5:
    case Algorithm::none:
      break;
  }
  return false;
}

std::optional<Digest> full_object_checksum(Algorithm algorithm,
                                           std::span<const PartDigest> parts) {
  if (!supports_checksum_type(algorithm, ChecksumType::full_object) || parts.empty()) {
    return std::nullopt;
  }
  std::optional<Digest> whole = parts.front().digest;
  if (whole->size() != digest_size(algorithm)) return std::nullopt;
  for (const PartDigest& part : parts.subspan(1)) {
    whole = combine(algorithm, *whole, part.digest, part.size);
    if (!whole) return std::nullopt;
  }
  return whole;
}

std::optional<std::string> composite_checksum(Algorithm algorithm, std::span<const Digest> parts,
                                              UploadKind kind) {
  if (!supports_checksum_type(algorithm, ChecksumType::composite) ||
      !valid_part_count(parts.size(), kind) || !sizes_match(parts, digest_size(algorithm))) {
    return std::nullopt;
  }
  return checksum_of_checksums(algorithm, parts, kind,
                               [](const Digest& d) { return d.to_base64(); });
}

std::optional<std::string> object_etag(std::span<const Digest> part_md5s, UploadKind kind) {
  if (!valid_part_count(part_md5s.size(), kind) ||
      !sizes_match(part_md5s, digest_size(Algorithm::md5))) {
    return std::nullopt;
  }
  return checksum_of_checksums(Algorithm::md5, part_md5s, kind,
                               [](const Digest& d) { return d.to_hex(); });
}

}  // namespace hoist::checksum

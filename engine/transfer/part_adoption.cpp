#include "engine/transfer/part_adoption.h"

#include <algorithm>
#include <cctype>

#include "engine/checksum/hasher.h"
#include "engine/s3/object_metadata.h"

namespace hoist::transfer {
namespace {

// Reads are this large at most: a part may be 5 GiB, the scratch buffer should not be.
constexpr size_t kReadSize = 8u << 20;

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The server's value of `algorithm` for the part (ListParts names them "crc32c", ...).
std::optional<checksum::Digest> held_checksum(const s3::PartEntry& held,
                                              checksum::Algorithm algorithm) {
  const std::string name = lowercase(checksum::algorithm_name(algorithm));
  for (const auto& [element, value] : held.checksums) {
    if (element == name) return checksum::Digest::from_base64(value);
  }
  return std::nullopt;
}

// The digest of `length` bytes of `file` from `offset`; nullopt when they cannot all be read.
std::optional<checksum::Digest> digest_of_range(const io::ReadableFile& file, uint64_t offset,
                                                uint64_t length, checksum::Algorithm algorithm,
                                                std::vector<char>& buffer) {
  auto hasher = checksum::make_hasher(algorithm);
  if (!hasher) return std::nullopt;
  buffer.resize(static_cast<size_t>(std::min<uint64_t>(std::max<uint64_t>(length, 1), kReadSize)));
  for (uint64_t done = 0; done < length;) {
    const size_t want = static_cast<size_t>(std::min<uint64_t>(buffer.size(), length - done));
    size_t got = 0;
    if (!file.read_at(offset + done, want, buffer.data(), &got).ok() || got == 0) {
      return std::nullopt;
    }
    hasher->update({reinterpret_cast<const uint8_t*>(buffer.data()), got});
    done += got;
  }
  return hasher->finish();
}

}  // namespace

PartAdoption part_adoption_for(checksum::Algorithm algorithm, const ObjectOptions& options) {
  PartAdoption adoption;
  adoption.algorithm = algorithm;
  adoption.etag_is_md5 = options.customer_key.empty();
  for (const auto& [name, value] : options.create_headers) {
    // "aws:kms" and "aws:kms:dsse"; AES256 (SSE-S3) keeps MD5 ETags.
    if (lowercase(name) == "x-amz-server-side-encryption" && value.starts_with("aws:kms")) {
      adoption.etag_is_md5 = false;
    }
  }
  return adoption;
}

std::optional<JournalPart> adopt_part(const io::ReadableFile& file, const UploadSource& source,
                                      const s3::PartEntry& held, const PartAdoption& adoption,
                                      std::vector<char>& buffer) {
  if (held.part_number < 1 || static_cast<uint32_t>(held.part_number) > source.plan.part_count) {
    return std::nullopt;  // Complete names only the planned parts; the rest do not matter
  }
  const uint32_t index = static_cast<uint32_t>(held.part_number - 1);
  const uint64_t length = source.plan.part_length(index, source.stat.size);
  if (held.size != length) return std::nullopt;

  const bool by_checksum = adoption.algorithm != checksum::Algorithm::none;
  if (!by_checksum && !adoption.etag_is_md5) return std::nullopt;
  const checksum::Algorithm algorithm = by_checksum ? adoption.algorithm : checksum::Algorithm::md5;
  std::optional<checksum::Digest> expected;
  if (by_checksum) {
    expected = held_checksum(held, algorithm);
  } else {
    expected = checksum::Digest::from_hex(s3::unquoted_etag(held.etag));
  }
  if (!expected || expected->empty()) return std::nullopt;

  auto local =
      digest_of_range(file, source.plan.part_offset(index), length, algorithm, buffer);
  if (!local || !(*local == *expected)) return std::nullopt;
  JournalPart part;
  part.part_number = held.part_number;
  part.size = length;
  part.etag = held.etag;
  if (by_checksum) part.checksum = local->to_base64();
  return part;
}

}  // namespace hoist::transfer

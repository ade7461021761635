// ContentFacts: what an object's headers say about the file it holds — its size (before any
// compression), its mtime, and a checksum of its whole content that a local file's can be
// compared with. Shared by sync (deciding what changed) and verify (proving nothing did).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "engine/compress/codec.h"
#include "engine/s3/object_metadata.h"

namespace hoist::api {

struct ContentFacts {
  uint64_t size = 0;
  bool size_known = true;   // false for an object encoded by another tool: its size is unknown
  bool compressed = false;  // stored compressed: the stored checksum is not the file's
  std::optional<compress::Codec> codec;  // what decodes it, when compressed
  std::optional<int64_t> mtime_ns;       // x-amz-meta-mtime
  // The full-object checksum of the content, in S3's spelling ("CRC64NVME") and base64; empty
  // when the object has none (or only a COMPOSITE one, a checksum of part checksums).
  std::string checksum_algorithm;
  std::string checksum;
  // The full-object checksum of the bytes as stored (the compressed ones, when compressed).
  std::string stored_checksum_algorithm;
  std::string stored_checksum;
};

ContentFacts content_facts(const s3::ObjectMetadata& meta);

// ETags come quoted from listings and HeadObject; comparisons and the cache use them bare.
std::string unquoted_etag(const std::string& etag);

// A single-part object's ETag is the hex MD5 of its bytes (unless SSE-KMS or SSE-C encrypted
// it): 32 hex digits, no "-<parts>" suffix. REQUIRES: unquoted.
bool is_plain_md5(const std::string& etag);

}  // namespace hoist::api

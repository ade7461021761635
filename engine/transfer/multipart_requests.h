// The requests of S3's multipart protocol as every multipart upload hoist makes sends them,
// whatever feeds its parts (a file at offsets, a stream, a compressor): Create with the
// object's headers, storage class and checksum type; UploadPart with the part's checksum;
// Complete with each part's checksum and, for CRCs, the FULL_OBJECT checksum combined from
// them. Building them in one place keeps the file and stream uploads' objects identical.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/checksum/algorithm.h"
#include "engine/checksum/digest.h"
#include "engine/http/message.h"
#include "engine/s3/operation.h"
#include "engine/transfer/engine_context.h"

namespace hoist::transfer {

// CreateMultipartUpload of bucket/key with `headers` (the object's metadata), plus the
// storage class and checksum algorithm and type `object` asks for.
s3::Operation create_upload_request(const std::string& bucket, const std::string& key,
                                    http::Headers headers, const ObjectSettings& object);

// UploadPart `part_number` (1-based) of `body`, with the SSE-C headers `object` carries and
// the part's checksum in `algorithm`, which it also stores in *digest (left empty for none).
s3::Operation upload_part_request(const std::string& bucket, const std::string& key,
                                  const std::string& upload_id, int part_number,
                                  std::string_view body, const ObjectSettings& object,
                                  checksum::Digest* digest);

// A part S3 has, as Complete lists it.
struct SentPart {
  std::string etag;
  checksum::Digest digest;  // empty when unknown (a part resumed from a journal without one)
  uint64_t length = 0;
};

struct CompleteRequest {
  s3::Operation op;
  // Base64 FULL_OBJECT checksum sent with it; empty when the algorithm is not a CRC or a
  // part's digest is unknown.
  std::string full_object_checksum;
};

// CompleteMultipartUpload of `parts` (part i + 1 is parts[i]).
CompleteRequest complete_upload_request(const std::string& bucket, const std::string& key,
                                        const std::string& upload_id,
                                        const std::vector<SentPart>& parts,
                                        checksum::Algorithm algorithm);

}  // namespace hoist::transfer

#include "engine/transfer/multipart_requests.h"

#include "engine/checksum/hasher.h"
#include "engine/checksum/object_checksum.h"
#include "engine/s3/complete_multipart_upload.h"
#include "engine/s3/create_multipart_upload.h"
#include "engine/s3/upload_part.h"
#include "engine/transfer/storage_class_header.h"

namespace hoist::transfer {

s3::Operation create_upload_request(const std::string& bucket, const std::string& key,
                                    http::Headers headers, const ObjectSettings& object) {
  s3::CreateMultipartUploadInput input;
  input.bucket = bucket;
  input.key = key;
  input.headers = std::move(headers);
  add_storage_class(object, &input.headers);
  const checksum::Algorithm algorithm = object.algorithm;
  if (algorithm != checksum::Algorithm::none) {
    input.headers.emplace_back("x-amz-checksum-algorithm",
                               std::string(checksum::algorithm_name(algorithm)));
    // CRC parts combine into a checksum of the whole object; SHA ones only into a composite.
    input.headers.emplace_back("x-amz-checksum-type",
                               checksum::is_crc(algorithm) ? "FULL_OBJECT" : "COMPOSITE");
  }
  return s3::create_multipart_upload(input);
}

s3::Operation upload_part_request(const std::string& bucket, const std::string& key,
                                  const std::string& upload_id, int part_number,
                                  std::string_view body, const ObjectSettings& object,
                                  checksum::Digest* digest) {
  s3::UploadPartInput input;
  input.bucket = bucket;
  input.key = key;
  input.upload_id = upload_id;
  input.part_number = part_number;
  input.body.bytes = body;
  input.headers = object.options.customer_key;
  *digest = {};
  if (object.algorithm != checksum::Algorithm::none) {
    *digest = checksum::digest_of(object.algorithm,
                                  {reinterpret_cast<const uint8_t*>(body.data()), body.size()});
    input.headers.emplace_back(std::string(checksum::header_name(object.algorithm)),
                               digest->to_base64());
  }
  return s3::upload_part(input);
}

CompleteRequest complete_upload_request(const std::string& bucket, const std::string& key,
                                        const std::string& upload_id,
                                        const std::vector<SentPart>& parts,
                                        checksum::Algorithm algorithm) {
  s3::CompleteMultipartUploadInput input;
  input.bucket = bucket;
  input.key = key;
  input.upload_id = upload_id;
  const std::string checksum_name = "Checksum" + std::string(checksum::algorithm_name(algorithm));
  std::vector<checksum::PartDigest> digests;
  for (size_t i = 0; i < parts.size(); ++i) {
    s3::CompletedPart part;
    part.part_number = static_cast<int>(i + 1);
    part.etag = parts[i].etag;
    if (algorithm != checksum::Algorithm::none && !parts[i].digest.empty()) {
      part.checksum_name = checksum_name;
      part.checksum_value = parts[i].digest.to_base64();
      digests.push_back({parts[i].digest, parts[i].length});
    }
    input.parts.push_back(std::move(part));
  }
  CompleteRequest out;
  if (checksum::is_crc(algorithm) && digests.size() == parts.size()) {
    if (auto full = checksum::full_object_checksum(algorithm, digests)) {
      out.full_object_checksum = full->to_base64();
      input.headers.emplace_back(std::string(checksum::header_name(algorithm)),
                                 out.full_object_checksum);
      input.headers.emplace_back("x-amz-checksum-type", "FULL_OBJECT");
    }
  }
  out.op = s3::complete_multipart_upload(input);
  return out;
}

}  // namespace hoist::transfer

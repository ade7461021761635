// CompleteMultipartUpload: assembles the uploaded parts into the object.
#pragma once

#include <string>
#include <vector>

#include "engine/http/message.h"
#include "engine/s3/operation.h"
#include "hoist/result.h"

namespace hoist::s3 {

struct CompletedPart {
  int part_number = 0;
  std::string etag;
  std::string checksum_name;   // "ChecksumCRC32C" etc.; empty when the part had none
  std::string checksum_value;  // base64
};

struct CompleteMultipartUploadInput {
  std::string bucket;
  std::string key;
  std::string upload_id;
  std::vector<CompletedPart> parts;  // REQUIRES: ascending part numbers
  http::Headers headers;  // e.g. the full-object x-amz-checksum-<alg> and x-amz-checksum-type
};

struct CompleteMultipartUploadOutput {
  std::string etag;
  std::string location;
};

Operation complete_multipart_upload(const CompleteMultipartUploadInput& input);

// The server side: the parts named in a <CompleteMultipartUpload> request body.
// MalformedXML (400) when the body is not such a document or names no part.
Result<std::vector<CompletedPart>> parse_complete_multipart_upload_request(std::string_view body);

// S3 can answer 200 and still fail: the error then arrives as an <Error> body, which this
// reports as an error.
Result<CompleteMultipartUploadOutput> parse_complete_multipart_upload(
    const http::Response& response, const Operation& op);

}  // namespace hoist::s3

// DeleteObjects: removes up to 1,000 keys in one request.
#pragma once

#include <string>
#include <vector>

#include "engine/http/message.h"
#include "engine/s3/operation.h"
#include "hoist/result.h"

namespace hoist::s3 {

// S3's limit on keys per DeleteObjects request.
inline constexpr size_t kMaxKeysPerDelete = 1000;

struct DeleteObjectsInput {
  std::string bucket;
  std::vector<std::string> keys;  // REQUIRES: 1..kMaxKeysPerDelete keys
  bool quiet = false;             // S3 then reports only the keys it failed to delete
};

struct DeleteFailure {
  std::string key;
  std::string code;
  std::string message;
};

struct DeleteObjectsOutput {
  std::vector<std::string> deleted;
  std::vector<DeleteFailure> failed;
};

// The body is signed, and carries the Content-MD5 S3 requires of this call.
Operation delete_objects(const DeleteObjectsInput& input);

// The server side: the keys and Quiet flag of a <Delete> request body (bucket left empty).
// MalformedXML (400) when the body is not such a document or names 0 or over 1,000 keys.
Result<DeleteObjectsInput> parse_delete_objects_request(std::string_view body);
Result<DeleteObjectsOutput> parse_delete_objects(const http::Response& response,
                                                 const Operation& op);

}  // namespace hoist::s3

#include "tools/serve/operation.h"

namespace hoist::serve {

Operation classify(std::string_view method, const RequestTarget& target) {
  const auto has = [&](std::string_view name) { return find_param(target.query, name) != nullptr; };
  if (target.bucket.empty()) {
    return method == "GET" ? Operation::kListBuckets : Operation::kUnknown;
  }
  if (target.key.empty()) {
    if (method == "PUT") return Operation::kCreateBucket;
    if (method == "HEAD") return Operation::kHeadBucket;
    if (method == "DELETE") return Operation::kDeleteBucket;
    if (method == "POST" && has("delete")) return Operation::kDeleteObjects;
    if (method == "GET") {
      if (has("uploads")) return Operation::kListMultipartUploads;
      if (has("location")) return Operation::kGetBucketLocation;
      return Operation::kListObjects;
    }
    return Operation::kUnknown;
  }
  if (method == "PUT") {
    if (has("partNumber") || has("uploadId")) return Operation::kUploadPart;
    return Operation::kPutObject;
  }
  if (method == "GET") return has("uploadId") ? Operation::kListParts : Operation::kGetObject;
  if (method == "HEAD") return Operation::kHeadObject;
  if (method == "DELETE") {
    return has("uploadId") ? Operation::kAbortMultipartUpload : Operation::kDeleteObject;
  }
  if (method == "POST") {
    if (has("uploads")) return Operation::kCreateMultipartUpload;
    if (has("uploadId")) return Operation::kCompleteMultipartUpload;
    if (has("restore")) return Operation::kRestoreObject;
  }
  return Operation::kUnknown;
}

bool streams_body(Operation op) {
  return op == Operation::kPutObject || op == Operation::kUploadPart;
}

}  // namespace hoist::serve

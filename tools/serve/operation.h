// Operation: which S3 API call a request is, decided from its method, whether it names a
// bucket and a key, and its subresource query parameters, as S3 routes them. Pure.
#pragma once

#include <string_view>

#include "tools/serve/request_target.h"

namespace hoist::serve {

enum class Operation {
  kUnknown,
  kListBuckets,
  kCreateBucket,
  kHeadBucket,
  kDeleteBucket,
  kGetBucketLocation,
  kListObjects,  // V1 and V2 (list-type=2)
  kDeleteObjects,
  kListMultipartUploads,
  kPutObject,
  kGetObject,
  kHeadObject,
  kDeleteObject,
  kCreateMultipartUpload,
  kUploadPart,
  kCompleteMultipartUpload,
  kAbortMultipartUpload,
  kListParts,
  kRestoreObject,
  // Not S3: the credential services serve answers on the same endpoint (sts_operations.h,
  // sso_operations.h), recognised by the front end before S3's routing.
  kStsAction,
  kSsoGetRoleCredentials,
  kSsoCreateToken,
};

Operation classify(std::string_view method, const RequestTarget& target);

// The request body is object bytes streamed into the store (PutObject, UploadPart).
bool streams_body(Operation op);

}  // namespace hoist::serve

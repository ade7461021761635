// What `hoist serve` keeps of the object options a request sets, checked as S3 checks them:
// server-side encryption (SSE-S3, SSE-KMS with a key from --kms-key-id, SSE-C: only the
// key's MD5 is kept, and GET and HEAD must bring the same key), tagging, canned ACL and object
// lock. The stored values are ObjectAttributes::options, named as their request headers.
// Any thread may call these.
#pragma once

#include <string>
#include <vector>

#include "hoist/result.h"
#include "tools/serve/exchange.h"
#include "tools/serve/http_response.h"
#include "tools/serve/object_store.h"

namespace hoist::serve {

// PutObject and CreateMultipartUpload: S3's error for an option header it refuses
// (InvalidArgument, InvalidEncryptionAlgorithmError, KMS.NotFoundException for a key not in
// `kms_key_ids`, InvalidRequest for an object lock PutObject without Content-MD5 or a
// checksum). UploadPart: the same SSE-C checks.
Status check_object_options(const Exchange& exchange, const std::vector<std::string>& kms_key_ids);

// The request's option headers to keep with the object (or echo for a part).
NamedValues option_headers(const Exchange& exchange);

// GetObject and HeadObject: an SSE-C object needs its key (400 InvalidRequest without it,
// 403 AccessDenied with another); any other object refuses one (400 InvalidRequest).
Status check_customer_key(const Exchange& exchange, const NamedValues& options);

// The encryption headers S3 echoes on PUT, UploadPart, GET and HEAD; with `object_state`
// (GET and HEAD) also x-amz-tagging-count and the object lock headers.
void add_option_headers(HttpResponse& response, const NamedValues& options, bool object_state);

}  // namespace hoist::serve

// Operation: one S3 request before it is signed and addressed: which verb on which bucket and
// key, with which query parameters, headers and body. Each file in engine/s3 that is named
// after an S3 API call builds one of these and parses its response.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/http/message.h"

namespace hoist::s3 {

// How the body is covered by the signature.
enum class PayloadSigning {
  kSigned,    // x-amz-content-sha256 is the hex SHA-256 of the body (small XML bodies)
  kUnsigned,  // UNSIGNED-PAYLOAD: integrity comes from an x-amz-checksum-* header instead
};

struct Operation {
  std::string name;    // the S3 API name, for errors and --debug: "PutObject"
  std::string method;  // "GET", "PUT", ...
  std::string bucket;  // empty for ListBuckets
  std::string key;     // decoded; empty for bucket-level calls
  std::vector<std::pair<std::string, std::string>> query;  // decoded names and values
  http::Headers headers;

  // A body the operation owns (XML it built), or a view of caller memory, or a stream.
  std::string owned_body;
  std::string_view body;
  http::BodySource body_source;
  uint64_t body_size = 0;
  PayloadSigning payload = PayloadSigning::kSigned;

  http::BodySink body_sink;          // where a GetObject body goes; null: into the response
  http::HeadersCallback on_headers;  // sees a GetObject's headers before its body

  // What a 2xx answer must also show to count as a success (checked before any retry
  // decision, so a broken success is retried like an error).
  // S3 documents that CompleteMultipartUpload (and the copy calls) can answer 200 and fail
  // in the body, with an <Error> document whose code says whether a retry may help.
  bool error_body_on_success = false;
  // UploadPart: CompleteMultipartUpload needs each part's ETag, so an answer without one is
  // broken, not a success.
  bool etag_required = false;

  // The body as it will be sent.
  std::string_view body_view() const { return owned_body.empty() ? body : owned_body; }

  // An operation named `name` ("PutObject") sending `method` to bucket/key.
  static Operation on(const char* name, const char* method, std::string bucket = {},
                      std::string key = {}) {
    Operation op;
    op.name = name;
    op.method = method;
    op.bucket = std::move(bucket);
    op.key = std::move(key);
    return op;
  }
};

}  // namespace hoist::s3

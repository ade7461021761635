// One function per S3 operation that `hoist serve` answers: each reads what it needs from
// the exchange (target, headers, buffered body, writer), calls the store and builds S3's
// response. The front end has already authenticated the request and verified its body.
// Any thread may call these, one exchange at a time.
#pragma once

#include "hoist/result.h"
#include "tools/serve/exchange.h"
#include "tools/serve/http_response.h"
#include "tools/serve/object_store.h"

namespace hoist::serve {

// Buckets (bucket_operations.cpp).
Result<HttpResponse> list_buckets(ObjectStore& store);
Result<HttpResponse> create_bucket(ObjectStore& store, const Exchange& exchange);
Result<HttpResponse> head_bucket(ObjectStore& store, const Exchange& exchange);
Result<HttpResponse> delete_bucket(ObjectStore& store, const Exchange& exchange);
Result<HttpResponse> get_bucket_location(ObjectStore& store, const Exchange& exchange,
                                         const std::string& region);

// Objects (object_operations.cpp).
ObjectAttributes object_attributes(const Exchange& exchange);
// PutObject and UploadPart: commits exchange.writer with the verified checksums.
Result<HttpResponse> commit_body(Exchange& exchange, const NamedValues& checksums);
Result<HttpResponse> get_object(ObjectStore& store, const Exchange& exchange);
Result<HttpResponse> head_object(ObjectStore& store, const Exchange& exchange);
Result<HttpResponse> delete_object(ObjectStore& store, const Exchange& exchange);
Result<HttpResponse> delete_objects(ObjectStore& store, const Exchange& exchange);

// Listing (list_objects.cpp): V1 and V2.
Result<HttpResponse> list_objects(ObjectStore& store, const Exchange& exchange);

// Multipart uploads (multipart_operations.cpp).
// The part number of an UploadPart request; InvalidArgument unless 1..kMaxParts.
Result<int> part_number(const Exchange& exchange);
Result<HttpResponse> create_multipart_upload(ObjectStore& store, const Exchange& exchange);
Result<HttpResponse> complete_multipart_upload(ObjectStore& store, const Exchange& exchange);
Result<HttpResponse> abort_multipart_upload(ObjectStore& store, const Exchange& exchange);
Result<HttpResponse> list_parts(ObjectStore& store, const Exchange& exchange);
Result<HttpResponse> list_multipart_uploads(ObjectStore& store, const Exchange& exchange);

// RestoreObject (restore_operation.cpp): a restored copy is readable `delay_ns` after the
// request that started it.
Result<HttpResponse> restore_object(ObjectStore& store, const Exchange& exchange, int64_t delay_ns);

}  // namespace hoist::serve

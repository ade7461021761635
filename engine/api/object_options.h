// The object options of TransferOptions (encryption, SSE-C key, tags, user metadata, ACL,
// object lock, Content-Type guessing) checked and turned into the headers every created
// object carries, before any request is sent.
#pragma once

#include "engine/checksum/algorithm.h"
#include "engine/transfer/object_options.h"
#include "hoist/result.h"
#include "hoist/transfer.h"

namespace hoist::api {

// `checksum` is the transfer's checksum algorithm (object lock needs one). InvalidArgument,
// naming the option (as its aws-cli flag) and the reason, for any value S3 would refuse.
Result<transfer::ObjectOptions> object_options(const TransferOptions& options,
                                               checksum::Algorithm checksum);

// The SSE-C headers of `options` (algorithm, key in base64, key MD5), for a request that
// reads an object outside a transfer (sync's HeadObject). Empty without a valid SSE-C pair:
// object_options() is what reports a bad one.
http::Headers customer_key_headers(const TransferOptions& options);

}  // namespace hoist::api

// ObjectOptions: what every object an upload creates carries besides its bytes, checksum and
// the source file's mtime and mode: encryption, tags, ACL, object lock and the caller's user
// metadata, plus the SSE-C headers that every request writing or reading the object's bytes
// must repeat. Built and checked once per transfer, before any request, from TransferOptions
// (engine/api/object_options.cpp).
#pragma once

#include "engine/http/message.h"

namespace hoist::transfer {

struct ObjectOptions {
  // PutObject and CreateMultipartUpload: x-amz-server-side-encryption[-aws-kms-key-id],
  // x-amz-tagging, x-amz-acl, x-amz-object-lock-*, and x-amz-meta-* from the caller.
  http::Headers create_headers;
  // SSE-C: x-amz-server-side-encryption-customer-algorithm, -key (base64) and -key-MD5, for
  // PutObject, CreateMultipartUpload, UploadPart, GetObject and HeadObject. Empty without
  // SSE-C. The key is a secret: the HTTP layer redacts it from --debug output.
  http::Headers customer_key;
  // Without an explicit Content-Type, guess one from the file name's extension.
  bool guess_content_type = true;
};

}  // namespace hoist::transfer

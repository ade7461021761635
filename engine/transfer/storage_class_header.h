// The x-amz-storage-class header of new objects (--storage-class), added to whatever request
// creates the object: PutObject or CreateMultipartUpload, from a file, a stream or stdin.
#pragma once

#include "engine/http/message.h"
#include "engine/transfer/engine_context.h"

namespace hoist::transfer {

// Adds x-amz-storage-class when `object` names a class; otherwise leaves `headers` alone, and
// S3 stores STANDARD.
void add_storage_class(const ObjectSettings& object, http::Headers* headers);

}  // namespace hoist::transfer

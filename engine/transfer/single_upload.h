// A file below the multipart threshold: read whole into one pooled buffer, checksummed, and
// sent as one PutObject (retried from the same buffer).
#pragma once

#include <memory>

#include "engine/transfer/engine_context.h"
#include "engine/transfer/upload_source.h"

namespace hoist::transfer {

// The data task that uploads `source`. REQUIRES: !source.plan.multipart; the pool's buffers
// hold at least source.stat.size bytes.
Task single_upload_task(std::shared_ptr<const UploadSource> source);

}  // namespace hoist::transfer

// A file (or an embedder's Source read at offsets: UploadSource::reader) at or above the
// multipart threshold: CreateMultipartUpload (or the upload an
// interrupted run left, when resuming), one data task per missing part, each read once into
// a pooled buffer and retried from it, then CompleteMultipartUpload with the FULL_OBJECT
// checksum combined from the part CRCs. Any part that fails for good, or a file that changed
// while it was read, aborts the upload: no torn object, no orphaned upload.
#pragma once

#include <memory>

#include "engine/transfer/engine_context.h"
#include "engine/transfer/upload_source.h"

namespace hoist::transfer {

// The control task that begins the upload of `source`. REQUIRES: source.plan.multipart.
Task multipart_upload_task(std::shared_ptr<const UploadSource> source);

}  // namespace hoist::transfer

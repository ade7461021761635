// Downloading one object to a file: a single GET into one pooled buffer when it fits, else
// ranged GETs (pinned to the object's ETag with If-Match) written at their offsets. Bytes go
// to a temporary file beside the target that is renamed into place only once every byte
// arrived and the whole-object checksum (combined from the ranges' CRCs) matched; the file
// gets the object's x-amz-meta-mtime as its mtime.
#pragma once

#include <memory>

#include "engine/transfer/download_source.h"
#include "engine/transfer/engine_context.h"

namespace hoist::transfer {

// The first task of downloading `source`: a data task (single GET) or a control task
// (HeadObject when needed, then the ranged parts).
Task download_task(std::shared_ptr<const DownloadSource> source);

}  // namespace hoist::transfer

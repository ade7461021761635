// Downloading one object into an ObjectSink (object_sink.h): a single GET into one pooled
// buffer when it fits, else ranged GETs (pinned to the object's ETag with If-Match) handed to
// the sink at their offsets, or in order through an OrderedWriter when the object must be
// decoded, its stored checksum is not a CRC (hashed front to back), or the sink is a stream.
// The sink commits (a file is renamed into place with the object's mtime) only once every
// byte arrived and the whole-object checksum (combined from the ranges' CRCs) matched.
#pragma once

#include <memory>

#include "engine/transfer/download_source.h"
#include "engine/transfer/engine_context.h"

namespace hoist::transfer {

// The first task of downloading `source`: a data task (single GET) or a control task
// (HeadObject when needed, then the ranged parts).
Task download_task(std::shared_ptr<const DownloadSource> source);

}  // namespace hoist::transfer

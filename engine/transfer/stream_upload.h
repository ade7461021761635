// Uploading a stream of unknown size (stdin): read in parts into pooled buffers by the
// coordinator thread, each part sent by the engine's threads as soon as it is full. A stream
// that ends within the first part becomes one PutObject; a longer one a multipart upload,
// completed with the FULL_OBJECT checksum or aborted on failure. Memory stays within the
// pool: reading waits for a free buffer. A stream cannot be re-read, so it is not resumable.
// Compressed uploads go this way too: their size is known only once compressed.
#pragma once

#include <memory>
#include <string>

#include "engine/transfer/engine.h"
#include "engine/transfer/stream_source.h"

namespace hoist::transfer {

// Sends everything `source` yields (stdin, an embedder's Source) to bucket/key in parts of the
// pool's buffer size and reports the object through the engine. REQUIRES: called on the
// coordinator thread. Compressed when the transfer's settings ask for it.
void upload_stream(Engine& engine, std::unique_ptr<StreamSource> source, const std::string& bucket,
                   const std::string& key);

// Sends everything `source` yields to bucket/key, likewise, as it comes (no compression
// added: a compressing source is already one).
void upload_stream(Engine& engine, StreamSource& source, const std::string& bucket,
                   const std::string& key);

}  // namespace hoist::transfer

// A file uploaded compressed that is too large to compress in its one buffer (at or above the
// multipart threshold, or above kMaxInPlaceCompression). Its compressed size is
// known only once it is compressed, so it goes through the stream machinery: the coordinator
// reads and compresses it chunk by chunk into pooled part buffers while the engine's threads
// send the parts before it, PutObject when it all fits one buffer. Such uploads are not
// journaled: an interrupted one is aborted, never resumed from parts cut another way.
#pragma once

#include "engine/compress/codec.h"
#include "engine/transfer/engine.h"
#include "engine/transfer/upload_source.h"

namespace hoist::transfer {

// Uploads `source` compressed with `codec` and reports it through the engine, when its first
// chunk looks compressible. Returns false, having sent nothing, when it does not or the file
// cannot be read: the caller then uploads it as it is (and reports any error) the usual way.
// REQUIRES: called on the coordinator thread.
bool upload_compressed_file(Engine& engine, const UploadSource& source,
                            const compress::Codec& codec);

}  // namespace hoist::transfer

#include "engine/transfer/compressed_file_upload.h"

#include "engine/transfer/compressing_source.h"
#include "engine/transfer/file_stream_source.h"
#include "engine/transfer/stream_upload.h"

namespace hoist::transfer {

bool upload_compressed_file(Engine& engine, const UploadSource& source,
                            const compress::Codec& codec) {
  auto file = FileStreamSource::open(engine.context().env, source.path, source.stat,
                                     engine.context().object.content_type);
  if (!file.ok()) return false;
  // As many chunks compress at once as the engine has threads: the cores it was sized for.
  CompressingSource compressing(std::move(*file), codec, source.stat.size,
                                engine.context().settings.threads);
  auto compressible = compressing.prime();
  if (!compressible.ok() || !*compressible) return false;
  upload_stream(engine, compressing, source.bucket, source.key);
  return true;
}

}  // namespace hoist::transfer

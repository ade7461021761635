// PartSource: the bytes of one object being uploaded in parts, read at any offset, from
// several engine threads at once: a local file (FilePartSource), or an embedder's Source that
// can be read at offsets (api::EmbedderPartSource). The single and multipart uploads read
// through it on the DiskThreads (disk_threads.h), so they do not care which; a stream read
// front to back once (stdin, an embedder's plain Source) is a StreamSource instead
// (stream_source.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "engine/http/message.h"
#include "engine/transfer/object_options.h"
#include "hoist/result.h"
#include "io/buffer_pool.h"
#include "io/env.h"
#include "io/file.h"
#include "io/file_stat.h"

namespace hoist::transfer {

class DiskThread;

class PartSource {
 public:
  virtual ~PartSource() = default;

  // Before the first read: an error when the source cannot be read, or no longer matches
  // what the upload was planned from (FileChanged).
  virtual Status open(io::Env& env) = 0;

  // Exactly `length` bytes at `offset` into `buffer`; fewer is an error (the source shrank).
  // On a DiskThread, several at once.
  virtual Status read(DiskThread& reader, uint64_t offset, size_t length,
                      const io::PoolBuffer& buffer) = 0;

  // After the last read: an error when the source changed since open() (FileChanged), so a
  // torn object is never stored.
  virtual Status unchanged() = 0;

  // The headers the object is created with (content type, mtime, mode, the options').
  virtual http::Headers object_headers(const std::string& content_type,
                                       const ObjectOptions& options) const = 0;
};

// A local file as it was when listed (`stat`), read through the DiskThread's I/O queue.
class FilePartSource final : public PartSource {
 public:
  FilePartSource(std::string path, io::FileStat stat);

  Status open(io::Env& env) override;
  Status read(DiskThread& reader, uint64_t offset, size_t length,
              const io::PoolBuffer& buffer) override;
  Status unchanged() override;
  http::Headers object_headers(const std::string& content_type,
                               const ObjectOptions& options) const override;

 private:
  const std::string path_;
  const io::FileStat listed_;
  std::unique_ptr<io::File> file_;
};

}  // namespace hoist::transfer

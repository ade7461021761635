// An embedder's hoist::Source (include/hoist/source.h) as the engine reads it:
//   EmbedderSource      a stream, as the engine's StreamSource, so it uploads exactly as
//                       stdin does;
//   EmbedderPartSource  a source read at offsets (Source::positional()), as a PartSource, so
//                       it uploads exactly as a file does.
#pragma once

#include <memory>
#include <string>

#include "engine/transfer/part_source.h"
#include "engine/transfer/stream_source.h"
#include "hoist/source.h"

namespace hoist::api {

class EmbedderSource final : public transfer::StreamSource {
 public:
  EmbedderSource(std::shared_ptr<Source> source, std::string content_type);

  // Reads until `size` bytes or the end: the stream machinery takes a short fill as the end.
  Result<size_t> fill(char* data, size_t size) override;
  // Like stdin's: the object gets the time of the upload as its mtime.
  http::Headers object_headers(const transfer::ObjectOptions& options) const override;
  Status check_unchanged() const override;
  const std::string& local_path() const override { return name_; }

 private:
  const std::shared_ptr<Source> source_;
  const std::string name_;
  const std::string content_type_;
};

class EmbedderPartSource final : public transfer::PartSource {
 public:
  EmbedderPartSource(std::shared_ptr<Source> source, std::string content_type);

  Status open(io::Env&) override { return ok_status(); }
  // Source::read_at until `length` bytes; fewer (the source ended early) is an error.
  Status read(transfer::DiskThread& reader, uint64_t offset, size_t length,
              const io::PoolBuffer& buffer) override;
  Status unchanged() override;
  // Like a stream's: the object gets the time of the upload as its mtime.
  http::Headers object_headers(const std::string& content_type,
                               const transfer::ObjectOptions& options) const override;

 private:
  const std::shared_ptr<Source> source_;
  const std::string name_;
  const std::string content_type_;
};

}  // namespace hoist::api

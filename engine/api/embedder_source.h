// EmbedderSource: a public hoist::Source (include/hoist/source.h) as the engine's
// StreamSource, so an embedder's stream uploads exactly as stdin does.
#pragma once

#include <memory>
#include <string>

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
  // One Source::read, an exception turned into an error.
  Result<size_t> read(char* data, size_t size);

  const std::shared_ptr<Source> source_;
  const std::string name_;
  const std::string content_type_;
};

}  // namespace hoist::api

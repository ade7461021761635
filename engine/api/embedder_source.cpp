#include "engine/api/embedder_source.h"

#include "engine/api/embedder_call.h"
#include "engine/transfer/upload_headers.h"

namespace hoist::api {

EmbedderSource::EmbedderSource(std::shared_ptr<Source> source, std::string content_type)
    : source_(std::move(source)), name_(source_->name()), content_type_(std::move(content_type)) {}

Result<size_t> EmbedderSource::read(char* data, size_t size) {
  return call_embedder("source", name_, [&] { return source_->read(data, size); });
}

Status EmbedderSource::check_unchanged() const {
  return call_embedder("source", name_, [&] { return source_->unchanged(); });
}

Result<size_t> EmbedderSource::fill(char* data, size_t size) {
  size_t got = 0;
  while (got < size) {
    auto read = this->read(data + got, size - got);
    if (!read.ok()) {
      Error e = read.error();
      if (e.local_path.empty()) e.local_path = name_;
      return e;
    }
    if (*read == 0) break;
    // A source that claims more than it was offered would overrun the part buffer.
    if (*read > size - got) {
      return Error::make(ErrorKind::kInvalid, "InvalidSource",
                         name_ + ": read() returned more bytes than it was asked for");
    }
    got += *read;
  }
  return got;
}

http::Headers EmbedderSource::object_headers(const transfer::ObjectOptions& options) const {
  return transfer::stream_object_headers(content_type_, options);
}

}  // namespace hoist::api

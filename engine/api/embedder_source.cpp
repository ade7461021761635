#include "engine/api/embedder_source.h"

#include "engine/api/embedder_call.h"
#include "engine/transfer/upload_headers.h"

namespace hoist {

Result<size_t> Source::read_at(uint64_t, char*, size_t) {
  return Error::make(ErrorKind::kInvalid, "InvalidSource",
                     "the source says positional() but does not implement read_at()");
}

namespace api {
namespace {

// Calls `read(data + got, size - got)` until `size` bytes or the end (a read of 0) and says
// how many came; an error names the source `name`.
template <typename Read>
Result<size_t> fill_from(const std::string& name, char* data, size_t size, Read&& read) {
  size_t got = 0;
  while (got < size) {
    Result<size_t> some =
        call_embedder("source", name, [&] { return read(got, data + got, size - got); });
    if (!some.ok()) {
      Error e = some.error();
      if (e.local_path.empty()) e.local_path = name;
      return e;
    }
    if (*some == 0) break;
    // A source that claims more than it was offered would overrun the part buffer.
    if (*some > size - got) {
      return Error::make(ErrorKind::kInvalid, "InvalidSource",
                         name + ": read() returned more bytes than it was asked for");
    }
    got += *some;
  }
  return got;
}

}  // namespace

EmbedderSource::EmbedderSource(std::shared_ptr<Source> source, std::string content_type)
    : source_(std::move(source)), name_(source_->name()), content_type_(std::move(content_type)) {}

Status EmbedderSource::check_unchanged() const {
  return call_embedder("source", name_, [&] { return source_->unchanged(); });
}

Result<size_t> EmbedderSource::fill(char* data, size_t size) {
  return fill_from(name_, data, size,
                   [&](size_t, char* at, size_t want) { return source_->read(at, want); });
}

http::Headers EmbedderSource::object_headers(const transfer::ObjectOptions& options) const {
  return transfer::stream_object_headers(content_type_, options);
}

EmbedderPartSource::EmbedderPartSource(std::shared_ptr<Source> source, std::string content_type)
    : source_(std::move(source)), name_(source_->name()), content_type_(std::move(content_type)) {}

Status EmbedderPartSource::read(transfer::DiskThread&, uint64_t offset, size_t length,
                                const io::PoolBuffer& buffer) {
  auto got = fill_from(name_, buffer.data, length, [&](size_t done, char* at, size_t want) {
    return source_->read_at(offset + done, at, want);
  });
  if (!got.ok()) return got.error();
  if (*got != length) {
    Error e = Error::make(
        ErrorKind::kLocal, "SourceChanged",
        "the source ended at byte " + std::to_string(offset + *got) + ", before the size it gave");
    e.local_path = name_;
    return e;
  }
  return ok_status();
}

Status EmbedderPartSource::unchanged() {
  return call_embedder("source", name_, [&] { return source_->unchanged(); });
}

http::Headers EmbedderPartSource::object_headers(const std::string&,
                                                 const transfer::ObjectOptions& options) const {
  return transfer::stream_object_headers(content_type_, options);
}

}  // namespace api
}  // namespace hoist

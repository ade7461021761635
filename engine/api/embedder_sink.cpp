#include "engine/api/embedder_sink.h"

#include <cerrno>

namespace hoist::api {

EmbedderSink::EmbedderSink(std::shared_ptr<Sink> sink)
    : sink_(std::move(sink)), name_(sink_->name()) {}

io::Status EmbedderSink::write(transfer::Worker*, uint64_t offset, const char* data, size_t length,
                               int) {
  Status written = sink_->write(offset, data, length);
  if (written.ok()) return {};
  base::MutexLock lock(mutex_);
  if (!failure_) {
    failure_ = written.error();
    if (failure_->local_path.empty()) failure_->local_path = name_;
  }
  return io::Status{EIO, written.error().message};
}

std::optional<Error> EmbedderSink::write_failure() const {
  base::MutexLock lock(mutex_);
  return failure_;
}

Status EmbedderSink::commit(const s3::ObjectMetadata&, bool) { return sink_->commit(); }

void EmbedderSink::discard() {
  if (!discarded_.exchange(true)) sink_->discard();
}

}  // namespace hoist::api

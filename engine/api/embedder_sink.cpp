#include "engine/api/embedder_sink.h"

#include <cerrno>

#include "engine/api/embedder_call.h"

namespace hoist::api {

EmbedderSink::EmbedderSink(std::shared_ptr<Sink> sink)
    : sink_(std::move(sink)), name_(sink_->name()) {}

EmbedderSink::~EmbedderSink() {
  if (!committed_.load()) discard();
}

io::Status EmbedderSink::write(transfer::DiskThread*, uint64_t offset, const char* data,
                               size_t length) {
  Status written = call_embedder("sink", name_, [&] { return sink_->write(offset, data, length); });
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

Status EmbedderSink::commit(const s3::ObjectMetadata&, bool) {
  Status committed = call_embedder("sink", name_, [&] { return sink_->commit(); });
  if (committed.ok()) committed_.store(true);
  return committed;
}

void EmbedderSink::discard() {
  if (discarded_.exchange(true)) return;
  // Nothing to tell when it throws: the download already failed, and discard() cannot report.
  (void)call_embedder("sink", name_, [&] {
    sink_->discard();
    return ok_status();
  });
}

}  // namespace hoist::api

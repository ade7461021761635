// EmbedderSink: a public hoist::Sink (include/hoist/sink.h) as the engine's ObjectSink, so a
// download into an embedder's consumer is checked and ordered as one into a file is.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>

#include "base/mutex.h"
#include "engine/transfer/object_sink.h"
#include "hoist/sink.h"

namespace hoist::api {

class EmbedderSink final : public transfer::ObjectSink {
 public:
  explicit EmbedderSink(std::shared_ptr<Sink> sink);
  // A download dropped by a cancel reaches neither commit() nor discard(): the embedder hears
  // discard() here, as sink.h promises.
  ~EmbedderSink() override;

  bool sequential() const override { return sink_->sequential(); }
  Status open() override { return ok_status(); }
  io::Status write(transfer::DiskThread* disk, uint64_t offset, const char* data,
                   size_t length) override;
  Status commit(const s3::ObjectMetadata& meta, bool durable) override;
  // Tells the embedder once, however often the download gives up.
  void discard() override;
  const std::string& name() const override { return name_; }
  std::optional<Error> write_failure() const override;

 private:
  const std::shared_ptr<Sink> sink_;
  const std::string name_;
  std::atomic<bool> discarded_{false};
  std::atomic<bool> committed_{false};
  mutable base::Mutex mutex_;
  std::optional<Error> failure_ GUARDED_BY(mutex_);  // the embedder's first write error
};

}  // namespace hoist::api

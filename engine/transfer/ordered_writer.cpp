#include "engine/transfer/ordered_writer.h"

namespace hoist::transfer {

OrderedWriter::OrderedWriter(Sink sink, std::function<void(const io::PoolBuffer&)> release)
    : sink_(std::move(sink)), release_(std::move(release)) {}

OrderedWriter::~OrderedWriter() { abandon(); }

io::Status OrderedWriter::deliver(uint32_t index, const io::PoolBuffer& buffer, size_t length) {
  base::MutexLock lock(mutex_);
  if (!failed_.ok()) {
    release_(buffer);
    return failed_;
  }
  waiting_.emplace(index, std::make_pair(buffer, length));
  // Writing under the lock keeps the stream in order; a deliverer that finds its range not
  // next returns at once.
  for (auto it = waiting_.find(next_); it != waiting_.end(); it = waiting_.find(next_)) {
    io::Status written = sink_(it->second.first.data, it->second.second);
    release_(it->second.first);
    waiting_.erase(it);
    if (!written.ok()) {
      failed_ = written;
      break;
    }
    ++next_;
  }
  return failed_;
}

void OrderedWriter::abandon() {
  base::MutexLock lock(mutex_);
  for (auto& [index, entry] : waiting_) release_(entry.first);
  waiting_.clear();
}

}  // namespace hoist::transfer

#include "engine/transfer/ordered_writer.h"

#include <unistd.h>

#include <cerrno>

namespace hoist::transfer {

OrderedWriter::OrderedWriter(int fd, std::function<void(const io::PoolBuffer&)> release)
    : fd_(fd), release_(std::move(release)) {}

OrderedWriter::OrderedWriter(Sink sink, std::function<void(const io::PoolBuffer&)> release)
    : fd_(-1), sink_(std::move(sink)), release_(std::move(release)) {}

OrderedWriter::~OrderedWriter() { abandon(); }

io::Status OrderedWriter::write_all(const char* data, size_t length) {
  if (sink_) return sink_(data, length);
  return write_to_fd(fd_, data, length);
}

io::Status OrderedWriter::write_to_fd(int fd, const char* data, size_t length) {
  while (length > 0) {
    ssize_t n = ::write(fd, data, length);
    if (n < 0) {
      if (errno == EINTR) continue;
      return io::Status::from_errno(errno, "write", "stdout");
    }
    data += n;
    length -= static_cast<size_t>(n);
  }
  return {};
}

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
    io::Status written = write_all(it->second.first.data, it->second.second);
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

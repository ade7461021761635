#include "engine/transfer/object_sink.h"

#include <unistd.h>

#include <cerrno>
#include <vector>

#include "engine/s3/http_date.h"
#include "engine/transfer/disk_threads.h"
#include "engine/transfer/file_mode.h"
#include "engine/transfer/local_error.h"
#include "engine/transfer/upload_headers.h"

namespace hoist::transfer {

Status ObjectSink::reopen(const std::string&) {
  return invalid_input("NotResumable",
                       name() + ": this destination cannot take up a paused download");
}

FileSink::FileSink(io::Env* env, std::string path) : env_(env), path_(std::move(path)) {}

std::string FileSink::keep() {
  if (!writer_) return {};
  std::string kept = writer_->keep();
  writer_.reset();
  return kept;
}

Status FileSink::reopen(const std::string& kept) {
  io::Status opened = io::AtomicFileWriter::reopen(env_, path_, kept, &writer_);
  if (!opened.ok()) return local_error(opened, path_);
  return ok_status();
}

Status FileSink::open() {
  io::Status created = io::AtomicFileWriter::create(env_, path_, &writer_);
  if (!created.ok()) return local_error(created, path_);
  return ok_status();
}

io::Status FileSink::write(DiskThread* disk, uint64_t offset, const char* data, size_t length) {
  if (disk) {
    base::MutexLock lock(write_mutex_);
    return disk->write(writer_->file(), offset, data, length);
  }
  return writer_->write_at(offset, data, length);
}

// Gives the file the object's recorded mtime, or without one its Last-Modified (as aws-cli
// does, so a later sync sees the file as old as the object), and its recorded permission bits
// when it has them, and renames it into place.
Status FileSink::commit(const s3::ObjectMetadata& meta, bool durable) {
  std::optional<int64_t> mtime;
  if (auto text = http::find_header(meta.user_metadata, kMtimeMetadata)) mtime = parse_mtime(*text);
  if (!mtime) mtime = s3::parse_http_date(meta.last_modified);
  if (mtime) {
    io::Status set = writer_->set_mtime(*mtime);
    if (!set.ok()) return local_error(set, path_);
  }
  if (auto text = http::find_header(meta.user_metadata, kModeMetadata)) {
    if (auto mode = parse_mode(*text)) {
      io::Status set = writer_->set_mode(*mode);
      if (!set.ok()) return local_error(set, path_);
    }
  }
  io::Status committed = writer_->commit(durable);
  writer_.reset();
  if (!committed.ok()) return local_error(committed, path_);
  return ok_status();
}

StreamSink::StreamSink(int fd, std::string name) : fd_(fd), name_(std::move(name)) {}

io::Status StreamSink::write(DiskThread*, uint64_t, const char* data, size_t length) {
  while (length > 0) {
    ssize_t n = ::write(fd_, data, length);
    if (n < 0) {
      if (errno == EINTR) continue;
      return io::Status::from_errno(errno, "write", name_ == "-" ? "stdout" : name_);
    }
    data += n;
    length -= static_cast<size_t>(n);
  }
  return {};
}

HashingSink::HashingSink(checksum::Algorithm algorithm, std::string name)
    : algorithm_(algorithm), name_(std::move(name)) {
  base::MutexLock lock(mutex_);
  if (!sequential()) return;
  in_order_ = checksum::make_hasher(algorithm_);
}

bool HashingSink::sequential() const {
  return algorithm_ != checksum::Algorithm::none && !checksum::is_crc(algorithm_);
}

io::Status HashingSink::write(DiskThread*, uint64_t offset, const char* data, size_t length) {
  if (algorithm_ == checksum::Algorithm::none) {
    base::MutexLock lock(mutex_);
    bytes_ += length;
    return {};
  }
  if (sequential()) {
    base::MutexLock lock(mutex_);
    in_order_->update(checksum::bytes_of(data, length));
    bytes_ += length;
    return {};
  }
  // Hashed outside the lock: pieces from several threads are hashed at once.
  checksum::PartDigest piece{checksum::digest_of(algorithm_, checksum::bytes_of(data, length)),
                             length};
  base::MutexLock lock(mutex_);
  pieces_[offset] = std::move(piece);
  bytes_ += length;
  return {};
}

void HashingSink::discarded(uint64_t length) {
  base::MutexLock lock(mutex_);
  bytes_ += length;
}

Status HashingSink::commit(const s3::ObjectMetadata&, bool) {
  base::MutexLock lock(mutex_);
  if (algorithm_ == checksum::Algorithm::none) {
    digest_ = std::string();
  } else if (in_order_) {
    digest_ = in_order_->finish().to_base64();
  } else if (pieces_.empty()) {
    digest_ = checksum::digest_of(algorithm_, {}).to_base64();
  } else {
    std::vector<checksum::PartDigest> parts;
    uint64_t next = 0;
    for (auto& [offset, piece] : pieces_) {
      // The download writes every byte exactly once; a gap or overlap is a bug upstream.
      if (offset != next) {
        return Error::make(ErrorKind::kLocal, "InternalError",
                           "content hashed with a gap at byte " + std::to_string(next));
      }
      next += piece.size;
      parts.push_back(std::move(piece));
    }
    pieces_.clear();
    digest_ = checksum::full_object_checksum(algorithm_, parts)->to_base64();
  }
  return ok_status();
}

void HashingSink::discard() {
  base::MutexLock lock(mutex_);
  pieces_.clear();
  digest_.reset();
}

std::string HashingSink::digest() const {
  base::MutexLock lock(mutex_);
  return digest_.value_or(std::string());
}

uint64_t HashingSink::bytes() const {
  base::MutexLock lock(mutex_);
  return bytes_;
}

Error sink_error(const ObjectSink& sink, const io::Status& written) {
  if (std::optional<Error> own = sink.write_failure()) return *own;
  return local_error(written, sink.name());
}

std::shared_ptr<ObjectSink> sink_for_path(io::Env* env, const std::string& path) {
  if (path == "-") return std::make_shared<StreamSink>(STDOUT_FILENO, "-");
  return std::make_shared<FileSink>(env, path);
}

}  // namespace hoist::transfer

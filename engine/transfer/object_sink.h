// ObjectSink: where a downloaded object's content goes. The download (download_object.cpp)
// fetches the bytes, verifies them against the object's stored checksum and decodes an object
// stored compressed; the sink only keeps the content, and is told at the end whether to make
// it visible (commit) or drop it (discard).
//
//   FileSink      a local file: a temporary file beside the target, written at offsets and
//                 renamed into place with the object's mtime and mode (cp, sync);
//   StreamSink    a descriptor, front to back (stdout);
//   HashingSink   nothing written: the content hashed as it arrives (verify --download);
//                 with no algorithm it discards (a benchmark's reads).
//
// A sink serves one object, once.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "base/mutex.h"
#include "engine/checksum/algorithm.h"
#include "engine/checksum/hasher.h"
#include "engine/checksum/object_checksum.h"
#include "engine/s3/object_metadata.h"
#include "hoist/result.h"
#include "io/atomic_file_writer.h"
#include "io/env.h"
#include "io/status.h"

namespace hoist::transfer {

class DiskThread;

class ObjectSink {
 public:
  virtual ~ObjectSink() = default;

  // True when the content must arrive front to back (a stream); otherwise write() takes
  // pieces at any offset, from several threads at once.
  virtual bool sequential() const = 0;

  // Before the first byte: makes the place the content goes (the temporary file).
  virtual Status open() = 0;

  // Content bytes [offset, offset + length). With a `disk` thread (the caller) the write may
  // go through its I/O queue; without one it blocks.
  virtual io::Status write(DiskThread* disk, uint64_t offset, const char* data, size_t length) = 0;

  // Every byte arrived and was verified: makes the content visible. `meta` is the object as
  // the download found it; `durable`: flush to disk first (--fsync).
  virtual Status commit(const s3::ObjectMetadata& meta, bool durable) = 0;

  // The download failed: drops what was written. Safe to call more than once, or unopened.
  virtual void discard() = 0;

  // Pausing a download: instead of discard(), leaves what was written where a later
  // reopen() can take it up, and returns where that is; empty when this sink cannot (it
  // then discards).
  virtual std::string keep() {
    discard();
    return {};
  }
  // Instead of open(): takes up what keep() left at `kept`. Fails when this sink cannot, or
  // `kept` is not what keep() would leave for it.
  virtual Status reopen(const std::string& kept);

  // Names the destination in reports and errors: a path, or "-".
  virtual const std::string& name() const = 0;

  // True for a sink that keeps nothing of the content and only counts it (a discarding
  // HashingSink). A download then needs no buffers for it: each range is checked as it
  // streams in, and the sink hears only how many bytes arrived, through discarded().
  virtual bool discards() const { return false; }
  // For a sink that discards(): `length` more bytes arrived and were checked.
  virtual void discarded(uint64_t /*length*/) {}

  // After a write() failed: the sink's own account of why, when it has a better one than
  // the io::Status (an embedder's error); nullopt: the io::Status says it.
  virtual std::optional<Error> write_failure() const { return std::nullopt; }
};

// Why a write() to `sink` failed, as the download reports it.
Error sink_error(const ObjectSink& sink, const io::Status& written);

// A local file, created through `env`: see the file comment.
class FileSink : public ObjectSink {
 public:
  // REQUIRES: env outlives the sink.
  FileSink(io::Env* env, std::string path);

  bool sequential() const override { return false; }
  Status open() override;
  io::Status write(DiskThread* disk, uint64_t offset, const char* data, size_t length) override;
  Status commit(const s3::ObjectMetadata& meta, bool durable) override;
  void discard() override { writer_.reset(); }  // removes the temporary file
  std::string keep() override;                  // the temporary file, left in place
  Status reopen(const std::string& kept) override;
  const std::string& name() const override { return path_; }

 private:
  io::Env* env_;
  const std::string path_;
  std::unique_ptr<io::AtomicFileWriter> writer_;
  // Lets one disk thread write at a time. A buffered write holds the file's inode lock
  // throughout, so writers of one file take turns anyway, and the kernel spins while they wait
  // (12% of a 2 GiB download's CPU in rwsem_spin_on_owner); waiting here, they sleep instead.
  base::Mutex write_mutex_;
};

// An open descriptor the sink does not own (stdout), written in order; nothing to commit or
// take back.
class StreamSink : public ObjectSink {
 public:
  StreamSink(int fd, std::string name);

  bool sequential() const override { return true; }
  Status open() override { return ok_status(); }
  io::Status write(DiskThread* disk, uint64_t offset, const char* data, size_t length) override;
  Status commit(const s3::ObjectMetadata&, bool) override { return ok_status(); }
  void discard() override {}
  const std::string& name() const override { return name_; }

 private:
  const int fd_;
  const std::string name_;
};

// Hashes the content with `algorithm` and keeps nothing. With a CRC, pieces may come in any
// order: each is hashed on its own and the digests combined at commit (as S3 combines part
// CRCs); any other algorithm needs the content in order. Algorithm::none hashes nothing: a
// discarding sink.
class HashingSink : public ObjectSink {
 public:
  // `name` labels the object in errors (verify: the local file compared with it).
  HashingSink(checksum::Algorithm algorithm, std::string name);

  bool sequential() const override;
  Status open() override { return ok_status(); }
  io::Status write(DiskThread* disk, uint64_t offset, const char* data, size_t length) override;
  Status commit(const s3::ObjectMetadata& meta, bool durable) override;
  void discard() override;
  const std::string& name() const override { return name_; }
  bool discards() const override { return algorithm_ == checksum::Algorithm::none; }
  void discarded(uint64_t length) override;

  checksum::Algorithm algorithm() const { return algorithm_; }
  // After commit(): the content's digest (base64; empty for Algorithm::none) and its length.
  std::string digest() const;
  uint64_t bytes() const;

 private:
  const checksum::Algorithm algorithm_;
  const std::string name_;
  mutable base::Mutex mutex_;
  std::unique_ptr<checksum::Hasher> in_order_ GUARDED_BY(mutex_);       // not a CRC
  std::map<uint64_t, checksum::PartDigest> pieces_ GUARDED_BY(mutex_);  // a CRC: by offset
  uint64_t bytes_ GUARDED_BY(mutex_) = 0;
  std::optional<std::string> digest_ GUARDED_BY(mutex_);
};

// The sink for a download to `path`: stdout for "-", else a file.
std::shared_ptr<ObjectSink> sink_for_path(io::Env* env, const std::string& path);

}  // namespace hoist::transfer

#include "engine/transfer/download_object.h"

#include <cerrno>
#include <cstring>
#include <optional>
#include <vector>

#include "base/mutex.h"
#include "engine/checksum/hasher.h"
#include "engine/checksum/object_checksum.h"
#include "engine/s3/get_object.h"
#include "engine/s3/head_object.h"
#include "engine/transfer/archived_object.h"
#include "engine/transfer/content_encoding.h"
#include "engine/transfer/customer_key_hint.h"
#include "engine/transfer/decoding_writer.h"
#include "engine/transfer/disk_threads.h"
#include "engine/transfer/expected_checksum.h"
#include "engine/transfer/local_error.h"
#include "engine/transfer/object_report.h"
#include "engine/transfer/object_sink.h"
#include "engine/transfer/ordered_writer.h"
#include "engine/transfer/partial_download.h"
#include "engine/transfer/worker.h"

namespace hoist::transfer {
namespace {

Error integrity_error(std::string code, std::string message) {
  return Error::make(ErrorKind::kIntegrity, std::move(code), std::move(message));
}

Error incomplete_body(uint64_t received, uint64_t expected) {
  return integrity_error("IncompleteBody", "received " + std::to_string(received) + " of " +
                                               std::to_string(expected) + " bytes");
}

Error checksum_mismatch(const ExpectedChecksum& expected, const std::string& actual) {
  return integrity_error("BadDigest", std::string(checksum::algorithm_name(expected.algorithm)) +
                                          " of the downloaded bytes is " + actual +
                                          ", the object's is " + expected.value);
}

// The codec that turns the object's stored bytes into the file, unless --raw keeps them.
std::optional<compress::Codec> decoding_codec(const ObjectSettings& settings,
                                              const s3::ObjectMetadata& meta) {
  if (settings.raw) return std::nullopt;
  return codec_for_encoding(meta.content_encoding);
}

// A GET whose body lands in a pooled buffer. Reset at each attempt's response headers, so a
// retried request starts filling the buffer from the beginning again.
struct BufferedGet {
  io::PoolBuffer buffer;
  size_t received = 0;
  bool overflow = false;
  s3::ObjectMetadata meta;
  http::Headers headers;
  s3::Operation op;

  void prepare(s3::GetObjectInput& input) {
    input.on_headers = [this](long status, const http::Headers& h) {
      received = 0;
      overflow = false;
      if (status >= 200 && status < 300) {
        headers = h;
        meta = s3::parse_object_metadata(h);
      }
      return true;
    };
    input.sink = [this](const char* data, size_t size) {
      if (size > buffer.size - received) {
        overflow = true;
        return false;
      }
      std::memcpy(buffer.data + received, data, size);
      received += size;
      return true;
    };
  }
};

// A ranged GET whose body is checked as it arrives and kept nowhere (for a sink that
// discards): the range's CRC, when the object's stored checksum is one, is computed on the fly.
// Reset at each attempt's response headers, as BufferedGet is.
struct StreamedRange {
  uint64_t length = 0;
  uint64_t received = 0;
  bool overflow = false;
  std::unique_ptr<checksum::Hasher> crc;  // null: the object has no stored CRC to check
  s3::Operation op;

  void prepare(s3::GetObjectInput& input, std::optional<checksum::Algorithm> algorithm) {
    if (algorithm) crc = checksum::make_hasher(*algorithm);
    input.on_headers = [this, algorithm](long, const http::Headers&) {
      received = 0;
      overflow = false;
      if (algorithm) crc = checksum::make_hasher(*algorithm);
      return true;
    };
    input.sink = [this](const char* data, size_t size) {
      if (size > length - received) {
        overflow = true;
        return false;
      }
      if (crc) crc->update(checksum::bytes_of(data, size));
      received += size;
      return true;
    };
  }
};

Task ranged_download_task(std::shared_ptr<const DownloadSource> source,
                          std::shared_ptr<ObjectSink> sink);

// A single GET's outcome, made on a DiskThread.
struct StoredObject {
  explicit StoredObject(ObjectReport r) : report(std::move(r)) {}
  ObjectReport report;
  std::optional<Error> error;
};

// On a DiskThread: the body of a single GET checked against its checksum, written (decoded
// when it was stored encoded) and committed; fills in what `report` says of it.
std::optional<Error> store_object(DiskThread& disk, const EngineContext& c, const BufferedGet& get,
                                  const DownloadSource& source, ObjectSink& sink,
                                  ObjectReport& report) {
  const char* data = get.buffer.data;
  ExpectedChecksum expected = expected_checksum(get.headers, get.meta, source.head);
  if (expected.algorithm != checksum::Algorithm::none) {
    std::string actual =
        checksum::digest_of(expected.algorithm, checksum::bytes_of(data, get.received)).to_base64();
    if (actual != expected.value) return checksum_mismatch(expected, actual);
    report.checksum_algorithm = std::string(checksum::algorithm_name(expected.algorithm));
    report.checksum_value = expected.value;
    report.checksum_verified = true;
  }
  Status opened = sink.open();
  if (!opened.ok()) return opened.error();
  uint64_t file_bytes = get.received;
  if (auto codec = decoding_codec(c.object, get.meta)) {
    uint64_t offset = 0;
    DecodingWriter decoder(
        *codec,
        [&](const char* bytes, size_t length) {
          io::Status written = sink.write(&disk, offset, bytes, length);
          offset += length;
          return written;
        },
        sink.name());
    Status decoded = decoder.write(data, get.received);
    if (decoded.ok()) decoded = decoder.finish();
    if (!decoded.ok()) return decoded.error();
    file_bytes = decoder.bytes_out();
  } else {
    io::Status written = sink.write(&disk, 0, data, get.received);
    if (!written.ok()) return sink_error(sink, written);
  }
  Status committed = sink.commit(get.meta, c.object.fsync);
  if (!committed.ok()) return committed.error();
  report.bytes = file_bytes;
  report.stored_bytes = get.received;
  report.etag = get.meta.etag;
  return std::nullopt;
}

// An object small enough for one buffer: one GET, verified, then written and renamed on a
// DiskThread.
void single_get(Worker& worker, std::shared_ptr<const DownloadSource> source,
                std::shared_ptr<ObjectSink> sink, io::PoolBuffer buffer) {
  auto get = std::make_shared<BufferedGet>();
  get->buffer = buffer;
  s3::GetObjectInput input;
  input.bucket = source->bucket;
  input.key = source->key;
  input.checksum_mode = true;
  input.headers = worker.context().object.options.customer_key;
  get->prepare(input);
  get->op = s3::get_object(input);
  worker.send(
      &get->op, RequestKind::kData,
      [get, source, sink, &worker](Result<http::Response>&& response) {
        EngineContext& c = worker.context();
        if (get->overflow) {
          // The object grew since it was listed: fetch it in ranges instead.
          worker.release(get->buffer);
          auto bigger = std::make_shared<DownloadSource>(*source);
          bigger->head.reset();
          c.enqueue(ranged_download_task(std::move(bigger), sink), /*urgent=*/true);
          return;
        }
        auto failed = [&worker, get, source, sink](Error e) {
          EngineContext& c = worker.context();
          sink->discard();
          worker.release(get->buffer);
          ObjectReport report = report_for(*source);
          report.error = error_for(*source, std::move(e));
          mark_if_archived(report, *source);
          c.finish_object(std::move(report));
        };
        if (!response.ok()) {
          return failed(
              with_customer_key_hint(response.error(), !c.object.options.customer_key.empty()));
        }
        if (auto e = s3::implausible_size(get->meta, "GetObject")) return failed(std::move(*e));
        if (get->received != get->meta.content_length) {
          return failed(incomplete_body(get->received, get->meta.content_length));
        }
        auto stored = std::make_shared<StoredObject>(report_for(*source));
        worker.off_loop(
            DiskWork::kAfterRequest,
            [get, source, sink, stored, &c](DiskThread& disk) {
              stored->error = store_object(disk, c, *get, *source, *sink, stored->report);
            },
            [get, stored, failed, &worker] {
              if (stored->error) return failed(std::move(*stored->error));
              EngineContext& c = worker.context();
              worker.release(get->buffer);
              c.counters.bytes_done.fetch_add(get->received);
              c.finish_object(std::move(stored->report));
            });
      });
}

// An object larger than a buffer: ranges in parallel, written at their offsets.
class RangedDownload : public std::enable_shared_from_this<RangedDownload> {
 public:
  RangedDownload(std::shared_ptr<const DownloadSource> source, std::shared_ptr<ObjectSink> sink)
      : source_(std::move(source)), sink_(std::move(sink)) {}

  // The last task holding it is gone. A download stopped before it ended (its remaining
  // ranges dropped by a cancel or a pause) discards what it wrote, unless the transfer is
  // being paused and the sink can keep it for a resume.
  ~RangedDownload() {
    if (!opened_ || ended_) return;
    if (partials_ && partials_->pausing() && !ordered_) {
      PartialDownload kept{sink_->name(), "",         source_->bucket,
                           source_->key,  meta_.etag, meta_.content_length,
                           part_size_,    {}};
      {
        base::MutexLock lock(mutex_);
        for (uint32_t i = 0; i < done_.size(); ++i) {
          if (done_[i]) kept.done.push_back(i);
        }
      }
      kept.temp_path = sink_->keep();
      if (!kept.temp_path.empty()) partials_->keep(std::move(kept));
      return;
    }
    sink_->discard();
  }

  void begin(Worker& worker) {
    if (source_->head) return start_parts(worker, *source_->head);
    s3::HeadObjectInput input{source_->bucket, source_->key, /*checksum_mode=*/true,
                              worker.context().object.options.customer_key};
    head_op_ = s3::head_object(input);
    auto self = shared_from_this();
    worker.send(&head_op_, RequestKind::kControl,
                [self, &worker](Result<http::Response>&& response) {
                  if (!response.ok()) {
                    const bool key = !worker.context().object.options.customer_key.empty();
                    return self->report(worker, with_customer_key_hint(response.error(), key));
                  }
                  self->start_parts(worker, s3::parse_head_object(*response));
                });
  }

 private:
  void start_parts(Worker& worker, s3::ObjectMetadata meta) {
    EngineContext& c = worker.context();
    if (auto e = s3::implausible_size(meta, "HeadObject")) return report(worker, std::move(*e));
    meta_ = std::move(meta);
    expected_ = expected_checksum(meta_);
    partials_ = c.partial_downloads;
    // A stored checksum that is not a CRC cannot be combined from the ranges' digests: the
    // stored bytes are hashed front to back instead.
    if (expected_.algorithm != checksum::Algorithm::none && !verify_by_crc()) {
      stored_hasher_ = checksum::make_hasher(expected_.algorithm);
    }
    std::optional<compress::Codec> codec = decoding_codec(c.object, meta_);
    if (codec) {
      decoder_ = std::make_unique<DecodingWriter>(
          *codec, [this](const char* data, size_t length) { return write_in_order(data, length); },
          sink_->name());
    }
    if (codec || stored_hasher_ || sink_->sequential()) {
      // The ranges go through an OrderedWriter: into the stored hash, the decoder (which needs
      // the stored bytes in order) and a sink that takes its content front to back.
      EngineContext* context = &c;
      auto release = [context](const io::PoolBuffer& b) {
        context->pool->release(b);
        if (context->wake_workers) context->wake_workers();
      };
      ordered_ = std::make_unique<OrderedWriter>(
          [this](const char* data, size_t length) {
            if (stored_hasher_) stored_hasher_->update(checksum::bytes_of(data, length));
            if (!decoder_) return write_in_order(data, length);
            Status decoded = decoder_->write(data, length);
            return decoded.ok() ? io::Status{} : io::Status{EIO, decoded.error().message};
          },
          release);
    }
    part_size_ = c.settings.buffer_size;
    const uint64_t size = meta_.content_length;
    const uint64_t count = size == 0 ? 0 : (size + part_size_ - 1) / part_size_;
    // Ranges a paused run of this download left in its temporary file: checked, not fetched.
    std::vector<bool> kept = take_up_paused(c, static_cast<uint32_t>(count));
    if (!opened_) {
      Status opened = sink_->open();
      if (!opened.ok()) return report(worker, opened.error());
      opened_ = true;
    }
    {
      base::MutexLock lock(mutex_);
      digests_.resize(count);
      // Kept ranges count as written from the start: a second pause before they are read
      // back keeps them again (the next resume checks them all the same).
      done_ = kept;
      pending_ = static_cast<uint32_t>(count);
    }
    if (count == 0) return finish(worker);
    // A sink that keeps nothing needs no buffers when nothing needs the bytes in order: each
    // range streams through its CRC and is dropped (no copy into pooled memory).
    const bool streamed = sink_->discards() && !ordered_;
    std::vector<Task> tasks;
    auto self = shared_from_this();
    for (uint32_t i = 0; i < count; ++i) {
      if (kept[i]) {
        tasks.push_back(Task{true, [self, i](Worker& w, io::PoolBuffer buffer) {
                               self->check_kept_part(w, i, buffer);
                             }});
        continue;
      }
      if (streamed) {
        Task task{false, [self, i](Worker& w, io::PoolBuffer) { self->stream_part(w, i); }};
        task.needs_slot = true;
        tasks.push_back(std::move(task));
        continue;
      }
      tasks.push_back(Task{
          true, [self, i](Worker& w, io::PoolBuffer buffer) { self->get_part(w, i, buffer); }});
    }
    c.enqueue_all(std::move(tasks), /*urgent=*/true);
  }

  // When the transfer resumes a pause that kept this download's temporary file, of this
  // same object version cut into the same ranges, reopens that file and returns which
  // ranges it holds; otherwise removes any such file and returns none.
  std::vector<bool> take_up_paused(EngineContext& c, uint32_t count) {
    std::vector<bool> kept(count, false);
    if (!partials_ || ordered_) return kept;
    std::optional<PartialDownload> paused = partials_->take(sink_->name());
    if (!paused) return kept;
    // Only a stored CRC proves the kept ranges (a crash since the pause may have lost writes
    // to the file): without one the download starts over.
    const bool same = paused->bucket == source_->bucket && paused->key == source_->key &&
                      paused->etag == meta_.etag && paused->size == meta_.content_length &&
                      paused->range_size == part_size_;
    if (!verify_by_crc() || !same) return discard_paused(*paused, kept);
    uint64_t needed = 0;  // the file must reach the end of every range it claims
    for (uint32_t index : paused->done) {
      if (index >= count) return discard_paused(*paused, kept);
      needed =
          std::max(needed, std::min<uint64_t>((index + 1ull) * part_size_, meta_.content_length));
    }
    // Nothing reads the file before reopen() checked it is this target's own temporary file.
    if (!sink_->reopen(paused->temp_path).ok()) return kept;
    // It must hold every range it claims, and nothing beyond the object's end.
    io::FileStat st;
    std::unique_ptr<io::File> reader;
    if (!c.env->stat(paused->temp_path, &st).ok() || st.size < needed ||
        st.size > meta_.content_length ||
        !c.env->open_for_read(paused->temp_path, {}, &reader).ok()) {
      sink_->discard();
      return kept;
    }
    opened_ = true;
    kept_reader_ = std::move(reader);
    for (uint32_t index : paused->done) kept[index] = true;
    return kept;
  }

  // A paused download's record that does not fit this one: its temporary file goes.
  std::vector<bool>& discard_paused(const PartialDownload& paused, std::vector<bool>& none) {
    if (sink_->reopen(paused.temp_path).ok()) sink_->discard();
    return none;
  }

  // A range the paused run wrote: read back from the temporary file on a DiskThread and, when
  // the object has a stored CRC, taken into the checksum like a fetched range, so the whole file is
  // still proven against the object. A range that cannot be read back whole is fetched.
  void check_kept_part(Worker& worker, uint32_t index, io::PoolBuffer buffer) {
    if (not_worth_fetching(worker.context())) {
      worker.release(buffer);
      return part_finished(worker, std::nullopt);
    }
    const uint64_t offset = index * part_size_;
    const uint64_t length = std::min<uint64_t>(part_size_, meta_.content_length - offset);
    auto self = shared_from_this();
    auto whole = std::make_shared<bool>(false);
    EngineContext& c = worker.context();
    worker.off_loop(
        DiskWork::kBeforeRequest,
        [self, whole, index, offset, length, buffer, &c](DiskThread& disk) {
          if (self->not_worth_fetching(c)) return;  // get_part() lets it go
          size_t read = 0;
          io::Status status = disk.read(*self->kept_reader_, offset, buffer.data,
                                        static_cast<size_t>(length), &read);
          *whole = status.ok() && read == length;
          if (*whole) self->record_digest(index, buffer.data, length);
        },
        [self, whole, index, length, buffer, &worker] {
          if (!*whole) return self->get_part(worker, index, buffer);
          worker.release(buffer);
          {
            base::MutexLock lock(self->mutex_);
            ++self->ranges_resumed_;
          }
          worker.context().counters.bytes_done.fetch_add(length);
          worker.context().counters.bytes_resumed.fetch_add(length);
          self->part_finished(worker, std::nullopt);
        });
  }

  // Content that arrives in order (from the OrderedWriter, or the decoder behind it) goes to
  // the sink's next offset.
  io::Status write_in_order(const char* data, size_t length) {
    io::Status written = sink_->write(nullptr, content_offset_, data, length);
    content_offset_ += length;
    return written;
  }

  bool verify_by_crc() const { return checksum::is_crc(expected_.algorithm); }

  // True when the download already failed or was cancelled: a range not worth fetching.
  bool not_worth_fetching(const EngineContext& c) {
    base::MutexLock lock(mutex_);
    return failure_.has_value() || c.cancelled.load();
  }

  // The ranged GET of range `index`, pinned to the version the download began with.
  s3::GetObjectInput range_request(Worker& worker, uint32_t index) const {
    const uint64_t offset = index * part_size_;
    const uint64_t length = std::min<uint64_t>(part_size_, meta_.content_length - offset);
    s3::GetObjectInput input;
    input.bucket = source_->bucket;
    input.key = source_->key;
    input.range = s3::ByteRange{offset, offset + length - 1};
    input.checksum_mode = false;
    input.if_match = meta_.etag;  // a changed object fails (412) instead of mixing versions
    input.headers = worker.context().object.options.customer_key;
    return input;
  }

  void get_part(Worker& worker, uint32_t index, io::PoolBuffer buffer) {
    if (not_worth_fetching(worker.context())) {
      worker.release(buffer);
      return part_finished(worker, std::nullopt);
    }
    s3::GetObjectInput input = range_request(worker, index);
    const uint64_t offset = input.range->first;
    const uint64_t length = input.range->last - offset + 1;
    auto get = std::make_shared<BufferedGet>();
    get->buffer = buffer;
    get->prepare(input);
    get->op = s3::get_object(input);
    auto self = shared_from_this();
    worker.send(&get->op, RequestKind::kData,
                [self, get, index, offset, length, &worker](Result<http::Response>&& response) {
                  std::optional<Error> error;
                  if (!response.ok()) {
                    error = response.error();
                  } else if (get->overflow || get->received != length) {
                    error = incomplete_body(get->received, length);
                  } else if (self->ordered_) {
                    // In order, through the OrderedWriter (stdout, a decoder): the buffer is
                    // handed on.
                    error = self->store_part(nullptr, worker.context(), index, offset, get->buffer,
                                             length);
                    return self->part_finished(worker, std::move(error));
                  } else {
                    return self->store_off_loop(worker, index, offset, get->buffer, length);
                  }
                  worker.release(get->buffer);
                  self->part_finished(worker, std::move(error));
                });
  }

  // A range for a sink that discards: checked as it streams in, kept nowhere.
  void stream_part(Worker& worker, uint32_t index) {
    if (not_worth_fetching(worker.context())) return part_finished(worker, std::nullopt);
    s3::GetObjectInput input = range_request(worker, index);
    auto get = std::make_shared<StreamedRange>();
    get->length = input.range->last - input.range->first + 1;
    get->prepare(input, verify_by_crc() ? std::optional(expected_.algorithm) : std::nullopt);
    get->op = s3::get_object(input);
    auto self = shared_from_this();
    worker.send(&get->op, RequestKind::kData,
                [self, get, index, &worker](Result<http::Response>&& response) {
                  std::optional<Error> error;
                  if (!response.ok()) {
                    error = response.error();
                  } else if (get->overflow || get->received != get->length) {
                    error = incomplete_body(get->received, get->length);
                  } else {
                    if (get->crc) {
                      base::MutexLock lock(self->mutex_);
                      self->digests_[index] = {get->crc->finish(), get->length};
                    }
                    self->sink_->discarded(get->length);
                    worker.context().counters.bytes_done.fetch_add(get->length);
                  }
                  self->part_finished(worker, std::move(error));
                });
  }

  // When the object's stored checksum is a CRC: range `index`'s digest, for finish() to
  // combine into the whole object's.
  void record_digest(uint32_t index, const char* data, uint64_t length) {
    if (!verify_by_crc()) return;
    checksum::Digest digest =
        checksum::digest_of(expected_.algorithm, checksum::bytes_of(data, length));
    base::MutexLock lock(mutex_);
    digests_[index] = {digest, length};
  }

  // A range written at its offset, and its CRC taken, on a DiskThread; then the buffer goes
  // back on the worker's thread.
  void store_off_loop(Worker& worker, uint32_t index, uint64_t offset, io::PoolBuffer buffer,
                      uint64_t length) {
    auto self = shared_from_this();
    EngineContext& c = worker.context();
    worker.off_loop(
        DiskWork::kAfterRequest,
        [self, index, offset, buffer, length, &c](DiskThread& disk) {
          return self->store_part(&disk, c, index, offset, buffer, length);
        },
        [self, buffer, &worker](std::optional<Error> error) {
          worker.release(buffer);
          self->part_finished(worker, std::move(error));
        });
  }

  // Writes one range where it belongs (on `disk`, the calling DiskThread, unless in order).
  // For stdout or a decoded object the buffer goes to the OrderedWriter, which releases it
  // once written; otherwise the caller releases it.
  std::optional<Error> store_part(DiskThread* disk, EngineContext& c, uint32_t index,
                                  uint64_t offset, const io::PoolBuffer& buffer, uint64_t length) {
    record_digest(index, buffer.data, length);
    io::Status written = ordered_ ? ordered_->deliver(index, buffer, length)
                                  : sink_->write(disk, offset, buffer.data, length);
    if (!written.ok()) {
      if (decoder_ && decoder_->failure()) return *decoder_->failure();
      return sink_error(*sink_, written);
    }
    c.counters.bytes_done.fetch_add(length);
    if (!ordered_) {
      base::MutexLock lock(mutex_);
      done_[index] = true;
    }
    return std::nullopt;
  }

  void part_finished(Worker& worker, std::optional<Error> error) {
    bool last = false;
    {
      base::MutexLock lock(mutex_);
      if (error && !failure_) failure_ = std::move(error);
      last = --pending_ == 0;
    }
    if (!last) return;
    auto self = shared_from_this();
    worker.context().enqueue(Task{false, [self](Worker& w, io::PoolBuffer) { self->finish(w); }},
                             /*urgent=*/true);
  }

  void finish(Worker& worker) {
    if (worker.context().cancelled.load()) return;
    // Every range has finished: nothing else touches these any more.
    std::optional<Error> failure;
    std::vector<checksum::PartDigest> digests;
    int ranges_resumed = 0;
    {
      base::MutexLock lock(mutex_);
      failure = std::move(failure_);
      digests = std::move(digests_);
      ranges_resumed = ranges_resumed_;
    }
    if (failure) return report(worker, std::move(*failure));
    ended_ = true;
    ObjectReport done = report_for(*source_);
    if (verify_by_crc()) {
      // An empty object has no ranges to combine: its checksum is that of no bytes.
      std::optional<checksum::Digest> full =
          digests.empty() ? checksum::digest_of(expected_.algorithm, {})
                          : checksum::full_object_checksum(expected_.algorithm, digests);
      std::string actual = full ? full->to_base64() : std::string();
      if (actual != expected_.value) {
        Error mismatch = checksum_mismatch(expected_, actual);
        if (ranges_resumed > 0) {
          mismatch.message += " (" + std::to_string(ranges_resumed) +
                              " ranges were read back from the paused download's temporary "
                              "file, which changed since; run it again to fetch it afresh)";
        }
        return report(worker, std::move(mismatch));
      }
      done.checksum_algorithm = std::string(checksum::algorithm_name(expected_.algorithm));
      done.checksum_value = expected_.value;
      done.checksum_verified = true;
    } else if (stored_hasher_) {
      std::string actual = stored_hasher_->finish().to_base64();
      if (actual != expected_.value) return report(worker, checksum_mismatch(expected_, actual));
      done.checksum_algorithm = std::string(checksum::algorithm_name(expected_.algorithm));
      done.checksum_value = expected_.value;
      done.checksum_verified = true;
    }
    done.stored_bytes = meta_.content_length;
    done.etag = meta_.etag;
    done.parts = static_cast<int>(digests.size());
    done.parts_resumed = ranges_resumed;
    // The decoder's last bytes and the commit (a rename, an fsync with --fsync) on a DiskThread.
    auto self = shared_from_this();
    EngineContext& c = worker.context();
    worker.off_loop(
        DiskWork::kAfterRequest,
        [self, &c](DiskThread&) -> std::optional<Error> {
          if (self->decoder_) {
            Status decoded = self->decoder_->finish();
            if (!decoded.ok()) return decoded.error();
          }
          Status committed = self->sink_->commit(self->meta_, c.object.fsync);
          if (!committed.ok()) return committed.error();
          return std::nullopt;
        },
        [self, done, &worker](std::optional<Error> failed) mutable {
          if (failed) return self->report(worker, std::move(*failed));
          done.bytes = self->decoder_ ? self->decoder_->bytes_out() : self->meta_.content_length;
          worker.context().finish_object(std::move(done));
        });
  }

  void report(Worker& worker, Error error) {
    ended_ = true;
    ObjectReport r = report_for(*source_);
    r.error = error_for(*source_, std::move(error));
    mark_if_archived(r, *source_);
    if (ordered_) ordered_->abandon();
    sink_->discard();  // removes a temporary file
    worker.context().finish_object(std::move(r));
  }

  std::shared_ptr<const DownloadSource> source_;
  s3::Operation head_op_;
  s3::ObjectMetadata meta_;
  ExpectedChecksum expected_;
  std::shared_ptr<ObjectSink> sink_;
  std::unique_ptr<DecodingWriter> decoder_;  // an object stored compressed, unless --raw
  // Ranges in order: for the decoder, the stored hash or a sequential sink.
  std::unique_ptr<OrderedWriter> ordered_;
  // Written only by the OrderedWriter's consumer, which runs under its lock.
  std::unique_ptr<checksum::Hasher> stored_hasher_;  // a stored checksum that is not a CRC
  uint64_t content_offset_ = 0;                      // the next content byte in order
  uint64_t part_size_ = 0;
  // Set by the one thread that begins the download, or the one that ends it; read by the
  // destructor, after every task that held this is gone.
  bool opened_ = false;  // the sink holds something: discard or keep it
  bool ended_ = false;   // reported (done or failed): the sink committed or discarded
  std::shared_ptr<PartialDownloads> partials_;  // null: a stop discards
  std::unique_ptr<io::File> kept_reader_;       // a resumed download's temporary file

  base::Mutex mutex_;
  std::vector<checksum::PartDigest> digests_ GUARDED_BY(mutex_);
  std::vector<bool> done_ GUARDED_BY(mutex_);  // ranges in the sink (what a pause keeps)
  int ranges_resumed_ GUARDED_BY(mutex_) = 0;  // of them, taken up from a paused run
  uint32_t pending_ GUARDED_BY(mutex_) = 0;
  std::optional<Error> failure_ GUARDED_BY(mutex_);
};

Task ranged_download_task(std::shared_ptr<const DownloadSource> source,
                          std::shared_ptr<ObjectSink> sink) {
  return Task{false, [source, sink](Worker& worker, io::PoolBuffer) {
                std::make_shared<RangedDownload>(source, sink)->begin(worker);
              }};
}

}  // namespace

Task download_task(std::shared_ptr<const DownloadSource> source) {
  // The size decides; the GET itself notices an object that outgrew its buffer since it was
  // listed and switches to ranges.
  return Task{true, [source](Worker& worker, io::PoolBuffer buffer) {
                std::shared_ptr<ObjectSink> sink =
                    source->sink ? source->sink : sink_for_path(worker.context().env, source->path);
                if (source->size > buffer.size) {
                  worker.release(buffer);
                  return ranged_download_task(source, std::move(sink)).run(worker, {});
                }
                single_get(worker, source, std::move(sink), buffer);
              }};
}

}  // namespace hoist::transfer

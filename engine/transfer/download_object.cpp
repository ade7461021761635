#include "engine/transfer/download_object.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <vector>

#include "base/mutex.h"
#include "engine/checksum/hasher.h"
#include "engine/checksum/object_checksum.h"
#include "engine/s3/get_object.h"
#include "engine/s3/head_object.h"
#include "engine/s3/http_date.h"
#include "engine/transfer/archived_object.h"
#include "engine/transfer/content_encoding.h"
#include "engine/transfer/decoding_writer.h"
#include "engine/transfer/customer_key_hint.h"
#include "engine/transfer/expected_checksum.h"
#include "engine/transfer/file_mode.h"
#include "engine/transfer/local_error.h"
#include "engine/transfer/object_report.h"
#include "engine/transfer/ordered_writer.h"
#include "engine/transfer/upload_headers.h"
#include "engine/transfer/worker.h"
#include "io/atomic_file_writer.h"

namespace hoist::transfer {
namespace {

std::span<const uint8_t> bytes_of(const char* data, size_t size) {
  return {reinterpret_cast<const uint8_t*>(data), size};
}

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

// Gives the file the object's recorded mtime, or without one its Last-Modified (as aws-cli
// does, so a later sync sees the file as old as the object), and its recorded permission bits
// when it has them, and renames it into place.
Status commit_file(io::AtomicFileWriter& writer, const s3::ObjectMetadata& meta,
                   const std::string& path, bool durable) {
  std::optional<int64_t> mtime;
  if (auto text = http::find_header(meta.user_metadata, kMtimeMetadata)) mtime = parse_mtime(*text);
  if (!mtime) mtime = s3::parse_http_date(meta.last_modified);
  if (mtime) {
    io::Status set = writer.set_mtime(*mtime);
    if (!set.ok()) return local_error(set, path);
  }
  if (auto text = http::find_header(meta.user_metadata, kModeMetadata)) {
    if (auto mode = parse_mode(*text)) {
      io::Status set = writer.set_mode(*mode);
      if (!set.ok()) return local_error(set, path);
    }
  }
  io::Status committed = writer.commit(durable);
  if (!committed.ok()) return local_error(committed, path);
  return ok_status();
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

Task ranged_download_task(std::shared_ptr<const DownloadSource> source);

// An object small enough for one buffer: one GET, verified, written, renamed.
void single_get(Worker& worker, std::shared_ptr<const DownloadSource> source,
                io::PoolBuffer buffer) {
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
      &get->op, RequestKind::kData, [get, source, &worker](Result<http::Response>&& response) {
        EngineContext& c = worker.context();
        if (get->overflow) {
          // The object grew since it was listed: fetch it in ranges instead.
          worker.release(get->buffer);
          auto bigger = std::make_shared<DownloadSource>(*source);
          bigger->head.reset();
          c.enqueue(ranged_download_task(std::move(bigger)), /*urgent=*/true);
          return;
        }
        ObjectReport report = report_for(*source);
        auto fail = [&](Error e) {
          worker.release(get->buffer);
          report.error = error_for(*source, std::move(e));
          mark_if_archived(report, *source);
          c.finish_object(std::move(report));
        };
        if (!response.ok()) {
          return fail(
              with_customer_key_hint(response.error(), !c.object.options.customer_key.empty()));
        }
        if (auto e = s3::implausible_size(get->meta, "GetObject")) return fail(std::move(*e));
        if (get->received != get->meta.content_length) {
          return fail(incomplete_body(get->received, get->meta.content_length));
        }
        const char* data = get->buffer.data;
        ExpectedChecksum expected = expected_checksum(get->headers, get->meta, source->head);
        if (expected.algorithm != checksum::Algorithm::none) {
          std::string actual =
              checksum::digest_of(expected.algorithm, bytes_of(data, get->received)).to_base64();
          if (actual != expected.value) return fail(checksum_mismatch(expected, actual));
          report.checksum_algorithm = std::string(checksum::algorithm_name(expected.algorithm));
          report.checksum_value = expected.value;
          report.checksum_verified = true;
        }
        std::unique_ptr<io::AtomicFileWriter> writer;
        io::Status created = io::AtomicFileWriter::create(c.env, source->path, &writer);
        if (!created.ok()) return fail(local_error(created, source->path));
        uint64_t file_bytes = get->received;
        if (auto codec = decoding_codec(c.object, get->meta)) {
          uint64_t offset = 0;
          DecodingWriter decoder(
              *codec,
              [&](const char* bytes, size_t length) {
                io::Status written = worker.write(writer->file(), offset, bytes, length);
                offset += length;
                return written;
              },
              source->path);
          Status decoded = decoder.write(data, get->received);
          if (decoded.ok()) decoded = decoder.finish();
          if (!decoded.ok()) return fail(decoded.error());
          file_bytes = decoder.bytes_out();
        } else {
          io::Status written =
              worker.write(writer->file(), 0, data, get->received, get->buffer.index);
          if (!written.ok()) return fail(local_error(written, source->path));
        }
        Status committed = commit_file(*writer, get->meta, source->path, c.object.fsync);
        if (!committed.ok()) return fail(committed.error());
        worker.release(get->buffer);
        c.counters.bytes_done.fetch_add(get->received);
        report.bytes = file_bytes;
        report.stored_bytes = get->received;
        report.etag = get->meta.etag;
        c.finish_object(std::move(report));
      });
}

// An object larger than a buffer: ranges in parallel, written at their offsets.
class RangedDownload : public std::enable_shared_from_this<RangedDownload> {
 public:
  explicit RangedDownload(std::shared_ptr<const DownloadSource> source)
      : source_(std::move(source)) {}

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
    if (!to_stdout()) {
      io::Status created = io::AtomicFileWriter::create(c.env, source_->path, &writer_);
      if (!created.ok()) return report(worker, local_error(created, source_->path));
    }
    EngineContext* context = &c;
    auto release = [context](const io::PoolBuffer& b) {
      context->pool->release(b);
      if (context->wake_workers) context->wake_workers();
    };
    if (auto codec = decoding_codec(c.object, meta_)) {
      // Decompression needs the ranges in order: they go through an OrderedWriter into the
      // decoder, which writes the file (or stdout) front to back.
      DecodingWriter::Output output = [](const char* data, size_t length) {
        return OrderedWriter::write_to_fd(STDOUT_FILENO, data, length);
      };
      if (writer_) {
        output = [this, offset = uint64_t{0}](const char* data, size_t length) mutable {
          io::Status written = writer_->write_at(offset, data, length);
          offset += length;
          return written;
        };
      }
      decoder_ = std::make_unique<DecodingWriter>(*codec, std::move(output), source_->path);
      ordered_ = std::make_unique<OrderedWriter>(
          [this](const char* data, size_t length) {
            Status decoded = decoder_->write(data, length);
            return decoded.ok() ? io::Status{} : io::Status{EIO, decoded.error().message};
          },
          release);
    } else if (to_stdout()) {
      ordered_ = std::make_unique<OrderedWriter>(STDOUT_FILENO, release);
    }
    part_size_ = c.settings.buffer_size;
    const uint64_t size = meta_.content_length;
    const uint64_t count = size == 0 ? 0 : (size + part_size_ - 1) / part_size_;
    {
      base::MutexLock lock(mutex_);
      digests_.resize(count);
      pending_ = static_cast<uint32_t>(count);
    }
    if (count == 0) return finish(worker);
    std::vector<Task> tasks;
    auto self = shared_from_this();
    for (uint32_t i = 0; i < count; ++i) {
      tasks.push_back(Task{
          true, [self, i](Worker& w, io::PoolBuffer buffer) { self->get_part(w, i, buffer); }});
    }
    c.enqueue_all(std::move(tasks), /*urgent=*/true);
  }

  bool to_stdout() const { return source_->path == "-"; }

  bool verify_by_crc() const { return checksum::is_crc(expected_.algorithm); }

  void get_part(Worker& worker, uint32_t index, io::PoolBuffer buffer) {
    bool skip = false;
    {
      base::MutexLock lock(mutex_);
      skip = failure_.has_value() || worker.context().cancelled.load();
    }
    if (skip) {  // the download already failed: this range is not worth fetching
      worker.release(buffer);
      return part_finished(worker, std::nullopt);
    }
    const uint64_t offset = index * part_size_;
    const uint64_t length = std::min<uint64_t>(part_size_, meta_.content_length - offset);
    auto get = std::make_shared<BufferedGet>();
    get->buffer = buffer;
    s3::GetObjectInput input;
    input.bucket = source_->bucket;
    input.key = source_->key;
    input.range = s3::ByteRange{offset, offset + length - 1};
    input.checksum_mode = false;
    input.if_match = meta_.etag;  // a changed object fails (412) instead of mixing versions
    input.headers = worker.context().object.options.customer_key;
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
                  } else {
                    error = self->store_part(worker, index, offset, get->buffer, length);
                    if (self->ordered_) {
                      return self->part_finished(worker, std::move(error));  // buffer handed on
                    }
                  }
                  worker.release(get->buffer);
                  self->part_finished(worker, std::move(error));
                });
  }

  // Writes one range where it belongs. For stdout or a decoded object the buffer goes to the
  // OrderedWriter, which releases it once written; otherwise the caller releases it.
  std::optional<Error> store_part(Worker& worker, uint32_t index, uint64_t offset,
                                  const io::PoolBuffer& buffer, uint64_t length) {
    if (verify_by_crc()) {
      checksum::Digest digest =
          checksum::digest_of(expected_.algorithm, bytes_of(buffer.data, length));
      base::MutexLock lock(mutex_);
      digests_[index] = {digest, length};
    }
    io::Status written =
        ordered_ ? ordered_->deliver(index, buffer, length)
                 : worker.write(writer_->file(), offset, buffer.data, length, buffer.index);
    if (!written.ok()) {
      if (decoder_ && decoder_->failure()) return *decoder_->failure();
      return local_error(written, source_->path);
    }
    worker.context().counters.bytes_done.fetch_add(length);
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
    {
      base::MutexLock lock(mutex_);
      failure = std::move(failure_);
      digests = std::move(digests_);
    }
    if (failure) return report(worker, std::move(*failure));
    ObjectReport done = report_for(*source_);
    if (verify_by_crc()) {
      // An empty object has no ranges to combine: its checksum is that of no bytes.
      std::optional<checksum::Digest> full =
          digests.empty() ? checksum::digest_of(expected_.algorithm, {})
                          : checksum::full_object_checksum(expected_.algorithm, digests);
      std::string actual = full ? full->to_base64() : std::string();
      if (actual != expected_.value) return report(worker, checksum_mismatch(expected_, actual));
      done.checksum_algorithm = std::string(checksum::algorithm_name(expected_.algorithm));
      done.checksum_value = expected_.value;
      done.checksum_verified = true;
    }
    if (decoder_) {
      Status decoded = decoder_->finish();
      if (!decoded.ok()) return report(worker, decoded.error());
    }
    if (writer_) {
      Status committed = commit_file(*writer_, meta_, source_->path, worker.context().object.fsync);
      if (!committed.ok()) return report(worker, committed.error());
    }
    done.bytes = decoder_ ? decoder_->bytes_out() : meta_.content_length;
    done.stored_bytes = meta_.content_length;
    done.etag = meta_.etag;
    done.parts = static_cast<int>(digests.size());
    writer_.reset();
    worker.context().finish_object(std::move(done));
  }

  void report(Worker& worker, Error error) {
    ObjectReport r = report_for(*source_);
    r.error = error_for(*source_, std::move(error));
    mark_if_archived(r, *source_);
    writer_.reset();  // removes the temporary file
    if (ordered_) ordered_->abandon();
    worker.context().finish_object(std::move(r));
  }

  std::shared_ptr<const DownloadSource> source_;
  s3::Operation head_op_;
  s3::ObjectMetadata meta_;
  ExpectedChecksum expected_;
  std::unique_ptr<io::AtomicFileWriter> writer_;  // to a file
  std::unique_ptr<DecodingWriter> decoder_;       // an object stored compressed, unless --raw
  std::unique_ptr<OrderedWriter> ordered_;        // stdout, or the decoder: ranges in order
  uint64_t part_size_ = 0;

  base::Mutex mutex_;
  std::vector<checksum::PartDigest> digests_ GUARDED_BY(mutex_);
  uint32_t pending_ GUARDED_BY(mutex_) = 0;
  std::optional<Error> failure_ GUARDED_BY(mutex_);
};

Task ranged_download_task(std::shared_ptr<const DownloadSource> source) {
  return Task{false, [source](Worker& worker, io::PoolBuffer) {
                std::make_shared<RangedDownload>(source)->begin(worker);
              }};
}

}  // namespace

Task download_task(std::shared_ptr<const DownloadSource> source) {
  // Stdout takes ranges in order, whatever the size.
  if (source->path == "-") return ranged_download_task(std::move(source));
  // Otherwise the size decides; the GET itself notices an object that outgrew its buffer
  // since it was listed and switches to ranges.
  return Task{true, [source](Worker& worker, io::PoolBuffer buffer) {
                if (source->size > buffer.size) {
                  worker.release(buffer);
                  return ranged_download_task(source).run(worker, {});
                }
                single_get(worker, source, buffer);
              }};
}

}  // namespace hoist::transfer

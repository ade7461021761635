#include "engine/transfer/stream_upload.h"

#include "base/mutex.h"
#include "engine/checksum/hasher.h"
#include "engine/s3/put_object.h"
#include "engine/s3/upload_part.h"
#include "engine/transfer/compressing_source.h"
#include "engine/transfer/local_error.h"
#include "engine/transfer/multipart_session.h"
#include "engine/transfer/storage_class_header.h"
#include "engine/transfer/worker.h"

namespace hoist::transfer {
namespace {

// The parts sent so far, filled in by workers as they complete, and whether the upload was
// created.
struct StreamState {
  base::Mutex mutex;
  bool created GUARDED_BY(mutex) = false;  // CreateMultipartUpload answered (see failure)
  std::vector<SentPart> parts GUARDED_BY(mutex);
  uint32_t pending GUARDED_BY(mutex) = 0;
  std::optional<Error> failure GUARDED_BY(mutex);

  size_t part_count() {
    base::MutexLock lock(mutex);
    return parts.size();
  }
};

// One request with its pooled buffer; lives until the request completes.
struct BufferedRequest {
  io::PoolBuffer buffer;
  s3::Operation op;
};

class StreamUpload {
 public:
  StreamUpload(Engine& engine, StreamSource& source, std::string bucket, std::string key)
      : engine_(engine),
        c_(engine.context()),
        source_(source),
        bucket_(std::move(bucket)),
        key_(std::move(key)),
        algorithm_(c_.object.algorithm) {}

  void run() {
    engine_.open_object();
    io::PoolBuffer first;
    if (!acquire(&first)) return;
    auto got = source_.fill(first.data, first.size);
    if (!got.ok()) {
      c_.pool->release(first);
      return report(got.error());
    }
    c_.counters.bytes_total.fetch_add(*got);
    if (*got < first.size) {
      Status unchanged = source_.check_unchanged();
      if (!unchanged.ok()) {
        c_.pool->release(first);
        return report(unchanged.error());
      }
      return put_single(first, *got);
    }
    multipart(first);
  }

 private:
  bool acquire(io::PoolBuffer* out) { return engine_.acquire_buffer(out); }

  void add_checksum(http::Headers& headers, const checksum::Digest& digest) const {
    if (algorithm_ == checksum::Algorithm::none) return;
    headers.emplace_back(std::string(checksum::header_name(algorithm_)), digest.to_base64());
  }

  // A stream that fit in one buffer: one PutObject, sent (and retried) by a worker.
  void put_single(io::PoolBuffer buffer, size_t length) {
    auto request = std::make_shared<BufferedRequest>();
    request->buffer = buffer;
    s3::PutObjectInput input;
    input.bucket = bucket_;
    input.key = key_;
    input.body.bytes = std::string_view(buffer.data, length);
    input.headers = source_.object_headers(c_.object.options);
    add_storage_class(c_.object, &input.headers);
    checksum::Digest digest =
        checksum::digest_of(algorithm_, checksum::bytes_of(buffer.data, length));
    add_checksum(input.headers, digest);
    request->op = s3::put_object(input);
    ObjectReport done = base_report();
    done.bytes = source_.source_bytes().value_or(length);
    done.stored_bytes = length;
    if (algorithm_ != checksum::Algorithm::none) {
      done.checksum_algorithm = std::string(checksum::algorithm_name(algorithm_));
      done.checksum_value = digest.to_base64();
    }
    c_.enqueue(Task{false,
                    [request, done](Worker& worker, io::PoolBuffer) mutable {
                      worker.send(
                          &request->op, RequestKind::kData,
                          [request, done, &worker](Result<http::Response>&& r) mutable {
                            worker.release(request->buffer);
                            if (!r.ok()) {
                              done.error = r.error();
                            } else {
                              worker.context().counters.bytes_done.fetch_add(done.stored_bytes);
                              done.etag = s3::parse_put_object(*r).etag;
                            }
                            worker.context().finish_object(std::move(done));
                          });
                    }},
               /*urgent=*/false);
  }

  // The stream's parts are read here, on the coordinator; every request of the protocol
  // (MultipartSession) is sent by a worker.
  void multipart(io::PoolBuffer first) {
    session_ = std::make_shared<MultipartSession>(bucket_, key_, /*journal_row=*/std::nullopt);
    auto state = state_;
    c_.enqueue(
        Task{false,
             [session = session_, state, headers = source_.object_headers(c_.object.options)](
                 Worker& worker, io::PoolBuffer) {
               session->create(worker, headers, [state](Worker&, std::optional<Error> error) {
                 base::MutexLock lock(state->mutex);
                 state->created = true;
                 state->failure = std::move(error);
               });
             }},
        /*urgent=*/true);
    const bool answered = engine_.wait_until([&] {
      base::MutexLock lock(state_->mutex);
      return state_->created;
    });
    std::optional<Error> refused;
    {
      base::MutexLock lock(state_->mutex);
      refused = state_->failure;
    }
    if (!answered || refused) {
      c_.pool->release(first);
      if (!answered) return interrupted();
      return report(std::move(*refused));
    }

    io::PoolBuffer buffer = first;
    size_t length = first.size;
    for (;;) {
      send_part(buffer, length);
      if (length < buffer.size) break;
      if (!acquire(&buffer)) break;
      auto got = source_.fill(buffer.data, buffer.size);
      if (!got.ok() || *got == 0) {
        c_.pool->release(buffer);
        if (!got.ok()) fail(got.error());
        break;
      }
      length = *got;
      c_.counters.bytes_total.fetch_add(length);
      if (state_->part_count() >= kMaxPartCount) {
        c_.pool->release(buffer);
        fail(too_many_parts(buffer.size));
        break;
      }
    }
    const bool finished = engine_.wait_until([&] {
      base::MutexLock lock(state_->mutex);
      return state_->pending == 0;
    });
    if (!finished) return interrupted();
    std::optional<Error> failure;
    {
      base::MutexLock lock(state_->mutex);
      failure = state_->failure;
    }
    if (!failure) {
      Status unchanged = source_.check_unchanged();
      if (!unchanged.ok()) failure = unchanged.error();
    }
    if (failure) {
      // A stream cannot be read again, so there is nothing to resume: abort.
      c_.enqueue(Task{false,
                      [session = session_, base = base_report(), failure = std::move(*failure)](
                          Worker& worker, io::PoolBuffer) mutable {
                        session->abort(worker, std::move(failure), [base](Worker& w, Error e) {
                          w.context().finish_object(failed(base, std::move(e)));
                        });
                      }},
                 /*urgent=*/true);
      return;
    }
    complete();
  }

  // Cancelled: the object ends as interrupted, and the engine aborts the open upload (a
  // stream's is never kept for resume) when it finishes.
  void interrupted() {
    (void)engine_.stop_requested();  // marks the transfer as cut short
    report(Error::make(ErrorKind::kLocal, "Interrupted", "interrupted"));
  }

  Error too_many_parts(size_t part_size) const {
    const std::string parts = "10,000 parts of " + std::to_string(part_size >> 20) + " MiB";
    if (source_.local_path() == "-") {
      return invalid_input("TooManyParts", "stdin is longer than " + parts +
                                               "; pass --expected-size or a larger --part-size");
    }
    return local_error("TooManyParts",
                       "needs more than " + parts + " once compressed; pass a larger --part-size",
                       source_.local_path());
  }

  void fail(Error error) {
    base::MutexLock lock(state_->mutex);
    if (!state_->failure) state_->failure = std::move(error);
  }

  void send_part(io::PoolBuffer buffer, size_t length) {
    const uint32_t index = static_cast<uint32_t>(state_->part_count());
    auto request = std::make_shared<BufferedRequest>();
    request->buffer = buffer;
    checksum::Digest digest;
    request->op = session_->part_request(static_cast<int>(index + 1),
                                         std::string_view(buffer.data, length), c_.object, &digest);
    {
      base::MutexLock lock(state_->mutex);
      state_->parts.push_back({{}, digest, length});
      ++state_->pending;
    }
    auto state = state_;
    c_.enqueue(Task{false,
                    [request, state, index, length](Worker& worker, io::PoolBuffer) {
                      worker.send(
                          &request->op, RequestKind::kData,
                          [request, state, index, length, &worker](Result<http::Response>&& r) {
                            worker.release(request->buffer);
                            base::MutexLock lock(state->mutex);
                            if (r.ok()) {
                              state->parts[index].etag = s3::parse_upload_part(*r).etag;
                              worker.context().counters.bytes_done.fetch_add(length);
                            } else if (!state->failure) {
                              state->failure = r.error();
                            }
                            --state->pending;
                          });
                    }},
               /*urgent=*/true);
  }

  void complete() {
    std::vector<SentPart> parts;
    {
      // Every part has finished and nothing reads them after this: moved, not copied.
      base::MutexLock lock(state_->mutex);
      parts = std::move(state_->parts);
    }
    uint64_t total = 0;
    for (const SentPart& part : parts) total += part.length;
    // The report is made here: the stream is gone by the time Complete is answered.
    ObjectReport done = base_report();
    done.bytes = source_.source_bytes().value_or(total);
    done.stored_bytes = total;
    done.parts = static_cast<int>(parts.size());
    c_.enqueue(Task{false,
                    [session = session_, parts = std::move(parts), done](Worker& worker,
                                                                         io::PoolBuffer) mutable {
                      session->complete(
                          worker, parts,
                          [done](Worker& w, Result<MultipartSession::Completed> completed) mutable {
                            if (!completed.ok()) {
                              return w.context().finish_object(failed(done, completed.error()));
                            }
                            done.etag = completed->etag;
                            if (!completed->full_object_checksum.empty()) {
                              done.checksum_algorithm = std::string(
                                  checksum::algorithm_name(w.context().object.algorithm));
                              done.checksum_value = completed->full_object_checksum;
                            }
                            w.context().finish_object(std::move(done));
                          });
                    }},
               /*urgent=*/true);
  }

  ObjectReport base_report() const {
    ObjectReport r;
    r.local_path = source_.local_path();
    r.bucket = bucket_;
    r.key = key_;
    return r;
  }

  // `base` as a failed object's report.
  static ObjectReport failed(ObjectReport base, Error error) {
    error.bucket = base.bucket;
    error.key = base.key;
    base.error = std::move(error);
    return base;
  }

  void report(Error error) { c_.finish_object(failed(base_report(), std::move(error))); }

  Engine& engine_;
  EngineContext& c_;
  StreamSource& source_;
  const std::string bucket_;
  const std::string key_;
  const checksum::Algorithm algorithm_;
  std::shared_ptr<MultipartSession> session_;  // made by multipart()
  std::shared_ptr<StreamState> state_ = std::make_shared<StreamState>();
};

}  // namespace

void upload_stream(Engine& engine, StreamSource& source, const std::string& bucket,
                   const std::string& key) {
  StreamUpload(engine, source, bucket, key).run();
}

void upload_stream(Engine& engine, std::unique_ptr<StreamSource> source, const std::string& bucket,
                   const std::string& key) {
  const ObjectSettings& object = engine.context().object;
  if (object.codec) {
    source = std::make_unique<CompressingSource>(std::move(source), *object.codec, std::nullopt,
                                                 engine.context().settings.threads);
  }
  upload_stream(engine, *source, bucket, key);
}

}  // namespace hoist::transfer

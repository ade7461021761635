#include "engine/transfer/stream_upload.h"

#include <unistd.h>

#include <cerrno>
#include <mutex>

#include "engine/checksum/hasher.h"
#include "engine/checksum/object_checksum.h"
#include "engine/s3/abort_multipart_upload.h"
#include "engine/s3/complete_multipart_upload.h"
#include "engine/s3/create_multipart_upload.h"
#include "engine/s3/put_object.h"
#include "engine/s3/upload_part.h"
#include "engine/transfer/local_error.h"
#include "engine/transfer/upload_headers.h"

namespace hoist::transfer {
namespace {

constexpr const char* kStdin = "-";

// Reads until `size` bytes or the end of the stream; fewer only at the end.
Result<size_t> fill(int fd, char* data, size_t size) {
  size_t got = 0;
  while (got < size) {
    ssize_t n = ::read(fd, data + got, size - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      return local_error(io::Status::from_errno(errno, "read", "stdin"), kStdin);
    }
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  return got;
}

std::span<const uint8_t> bytes_of(const char* data, size_t size) {
  return {reinterpret_cast<const uint8_t*>(data), size};
}

struct StreamPart {
  std::string etag;
  checksum::Digest digest;
  uint64_t length = 0;
};

// The parts sent so far, filled in by workers as they complete.
struct StreamState {
  std::mutex mutex;
  std::vector<StreamPart> parts;
  uint32_t pending = 0;
  std::optional<Error> failure;
};

// One request with its pooled buffer; lives until the request completes.
struct BufferedRequest {
  io::PoolBuffer buffer;
  s3::Operation op;
};

class StreamUpload {
 public:
  StreamUpload(Engine& engine, int fd, std::string bucket, std::string key)
      : engine_(engine),
        c_(engine.context()),
        fd_(fd),
        bucket_(std::move(bucket)),
        key_(std::move(key)),
        algorithm_(c_.object.algorithm) {}

  void run() {
    engine_.open_object();
    io::PoolBuffer first;
    if (!acquire(&first)) return;
    auto got = fill(fd_, first.data, first.size);
    if (!got.ok()) {
      c_.pool->release(first);
      return report(got.error());
    }
    c_.counters.bytes_total.fetch_add(*got);
    if (*got < first.size) return put_single(first, *got);
    multipart(first);
  }

 private:
  bool acquire(io::PoolBuffer* out) { return engine_.acquire_buffer(out); }

  http::Headers object_headers_now() const {
    io::FileStat now;
    now.mtime_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
    return object_headers(c_.object.content_type, c_.object.options, "", now);
  }

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
    input.headers = object_headers_now();
    checksum::Digest digest = checksum::digest_of(algorithm_, bytes_of(buffer.data, length));
    add_checksum(input.headers, digest);
    request->op = s3::put_object(input);
    ObjectReport done = base_report();
    done.bytes = length;
    if (algorithm_ != checksum::Algorithm::none) {
      done.checksum_algorithm = std::string(checksum::algorithm_name(algorithm_));
      done.checksum_value = digest.to_base64();
    }
    c_.enqueue(Task{false,
                    [request, done](Worker& worker, io::PoolBuffer) mutable {
                      worker.send(&request->op, RequestKind::kData,
                                  [request, done, &worker](Result<http::Response>&& r) mutable {
                                    worker.release(request->buffer);
                                    if (!r.ok()) {
                                      done.error = r.error();
                                    } else {
                                      worker.context().counters.bytes_done.fetch_add(done.bytes);
                                      done.etag = s3::parse_put_object(*r).etag;
                                    }
                                    worker.context().finish_object(std::move(done));
                                  });
                    }},
               /*urgent=*/false);
  }

  void multipart(io::PoolBuffer first) {
    s3::CreateMultipartUploadInput create;
    create.bucket = bucket_;
    create.key = key_;
    create.headers = object_headers_now();
    if (algorithm_ != checksum::Algorithm::none) {
      create.headers.emplace_back("x-amz-checksum-algorithm",
                                  std::string(checksum::algorithm_name(algorithm_)));
      create.headers.emplace_back("x-amz-checksum-type",
                                  checksum::is_crc(algorithm_) ? "FULL_OBJECT" : "COMPOSITE");
    }
    s3::Operation op = s3::create_multipart_upload(create);
    auto created = engine_.control().execute(op);
    Result<std::string> id = created.ok() ? s3::parse_create_multipart_upload(*created, op)
                                          : Result<std::string>(created.error());
    if (!id.ok()) {
      c_.pool->release(first);
      return report(id.error());
    }
    upload_id_ = *id;

    io::PoolBuffer buffer = first;
    size_t length = first.size;
    for (;;) {
      send_part(buffer, length);
      if (length < buffer.size) break;
      if (!acquire(&buffer)) break;
      auto got = fill(fd_, buffer.data, buffer.size);
      if (!got.ok() || *got == 0) {
        c_.pool->release(buffer);
        if (!got.ok()) fail(got.error());
        break;
      }
      length = *got;
      c_.counters.bytes_total.fetch_add(length);
      if (state_->parts.size() >= kMaxPartCount) {
        c_.pool->release(buffer);
        fail(invalid_input("TooManyParts",
                           "stdin is longer than 10,000 parts of " +
                               std::to_string(buffer.size >> 20) +
                               " MiB; pass --expected-size or a larger --part-size"));
        break;
      }
    }
    const bool finished = engine_.wait_until([&] {
      std::lock_guard lock(state_->mutex);
      return state_->pending == 0;
    });
    std::optional<Error> failure;
    {
      std::lock_guard lock(state_->mutex);
      failure = state_->failure;
    }
    if (!finished || failure) {
      // A stream cannot be read again, so there is nothing to resume: abort.
      (void)engine_.control().execute(s3::abort_multipart_upload(bucket_, key_, upload_id_));
      if (!finished) return report(Error::make(ErrorKind::kLocal, "Interrupted", "interrupted"));
      return report(*failure);
    }
    complete();
  }

  void fail(Error error) {
    std::lock_guard lock(state_->mutex);
    if (!state_->failure) state_->failure = std::move(error);
  }

  void send_part(io::PoolBuffer buffer, size_t length) {
    const uint32_t index = static_cast<uint32_t>(state_->parts.size());
    auto request = std::make_shared<BufferedRequest>();
    request->buffer = buffer;
    s3::UploadPartInput input;
    input.bucket = bucket_;
    input.key = key_;
    input.upload_id = upload_id_;
    input.part_number = static_cast<int>(index + 1);
    input.body.bytes = std::string_view(buffer.data, length);
    input.headers = c_.object.options.customer_key;
    checksum::Digest digest = checksum::digest_of(algorithm_, bytes_of(buffer.data, length));
    add_checksum(input.headers, digest);
    request->op = s3::upload_part(input);
    {
      std::lock_guard lock(state_->mutex);
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
                            std::lock_guard lock(state->mutex);
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
    s3::CompleteMultipartUploadInput input;
    input.bucket = bucket_;
    input.key = key_;
    input.upload_id = upload_id_;
    std::vector<checksum::PartDigest> digests;
    uint64_t total = 0;
    const std::string name = "Checksum" + std::string(checksum::algorithm_name(algorithm_));
    for (size_t i = 0; i < state_->parts.size(); ++i) {
      const StreamPart& p = state_->parts[i];
      s3::CompletedPart part{static_cast<int>(i + 1), p.etag, {}, {}};
      if (algorithm_ != checksum::Algorithm::none) {
        part.checksum_name = name;
        part.checksum_value = p.digest.to_base64();
      }
      input.parts.push_back(std::move(part));
      digests.push_back({p.digest, p.length});
      total += p.length;
    }
    ObjectReport done = base_report();
    done.bytes = total;
    done.parts = static_cast<int>(digests.size());
    if (checksum::is_crc(algorithm_)) {
      if (auto full = checksum::full_object_checksum(algorithm_, digests)) {
        done.checksum_algorithm = std::string(checksum::algorithm_name(algorithm_));
        done.checksum_value = full->to_base64();
        input.headers.emplace_back(std::string(checksum::header_name(algorithm_)),
                                   done.checksum_value);
        input.headers.emplace_back("x-amz-checksum-type", "FULL_OBJECT");
      }
    }
    s3::Operation op = s3::complete_multipart_upload(input);
    auto response = engine_.control().execute(op);
    auto completed = response.ok() ? s3::parse_complete_multipart_upload(*response, op)
                                   : Result<s3::CompleteMultipartUploadOutput>(response.error());
    if (!completed.ok()) {
      (void)engine_.control().execute(s3::abort_multipart_upload(bucket_, key_, upload_id_));
      return report(completed.error());
    }
    done.etag = completed->etag;
    c_.finish_object(std::move(done));
  }

  ObjectReport base_report() const {
    ObjectReport r;
    r.local_path = kStdin;
    r.bucket = bucket_;
    r.key = key_;
    return r;
  }

  void report(Error error) {
    ObjectReport r = base_report();
    error.bucket = bucket_;
    error.key = key_;
    r.error = std::move(error);
    c_.finish_object(std::move(r));
  }

  Engine& engine_;
  EngineContext& c_;
  const int fd_;
  const std::string bucket_;
  const std::string key_;
  const checksum::Algorithm algorithm_;
  std::string upload_id_;
  std::shared_ptr<StreamState> state_ = std::make_shared<StreamState>();
};

}  // namespace

void upload_stream(Engine& engine, int fd, const std::string& bucket, const std::string& key) {
  StreamUpload(engine, fd, bucket, key).run();
}

}  // namespace hoist::transfer

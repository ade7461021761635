#include "engine/transfer/multipart_upload.h"

#include <optional>
#include <vector>

#include "base/mutex.h"
#include "engine/s3/upload_part.h"
#include "engine/transfer/disk_threads.h"
#include "engine/transfer/multipart_session.h"
#include "engine/transfer/object_report.h"
#include "engine/transfer/part_source.h"
#include "engine/transfer/worker.h"

namespace hoist::transfer {
namespace {

struct PartResult {
  bool done = false;
  bool resumed = false;
  std::string etag;
  checksum::Digest digest;
};

struct PartRequest;

// One upload in progress, shared by its part tasks on every worker: the parts read at their
// offsets from its PartSource (a file, an embedder's Source), the protocol itself in a
// MultipartSession.
class MultipartUpload : public std::enable_shared_from_this<MultipartUpload> {
 public:
  explicit MultipartUpload(std::shared_ptr<const UploadSource> source)
      : source_(std::move(source)), parts_(source_->plan.part_count) {}

  void begin(Worker& worker);

 private:
  void queue_parts(Worker& worker);
  Task part_task(uint32_t index);
  void upload_part(Worker& worker, uint32_t index, io::PoolBuffer buffer);
  void send_part(Worker& worker, uint32_t index, std::shared_ptr<PartRequest> request);
  // True once the upload failed or was cancelled: a part not worth reading or sending.
  bool given_up(const EngineContext& context);
  void part_finished(Worker& worker, std::optional<Error> error);
  void finish(Worker& worker);
  void complete(Worker& worker);
  void abort(Worker& worker, Error error);
  void report(Worker& worker, std::optional<Error> error, std::string checksum_value = {});

  std::shared_ptr<const UploadSource> source_;
  std::shared_ptr<PartSource> reader_;
  std::shared_ptr<MultipartSession> session_;  // made by begin()

  base::Mutex mutex_;  // guards what part tasks on several workers touch
  std::vector<PartResult> parts_ GUARDED_BY(mutex_);
  uint32_t parts_pending_ GUARDED_BY(mutex_) = 0;
  std::optional<Error> failure_ GUARDED_BY(mutex_);
};

void MultipartUpload::begin(Worker& worker) {
  EngineContext& c = worker.context();
  session_ = std::make_shared<MultipartSession>(
      source_->bucket, source_->key,
      upload_identity(*source_, checksum::algorithm_name(c.object.algorithm)));
  reader_ = part_source_of(*source_);
  Status opened = reader_->open(*c.env);
  if (!opened.ok()) return report(worker, opened.error());
  if (source_->resume) {
    base::MutexLock lock(mutex_);
    for (const JournalPart& p : source_->resume->parts) {
      if (p.part_number < 1 || static_cast<uint32_t>(p.part_number) > parts_.size()) continue;
      auto digest = checksum::Digest::from_base64(p.checksum);
      PartResult& r = parts_[p.part_number - 1];
      r.done = r.resumed = true;
      r.etag = p.etag;
      if (digest) r.digest = *digest;
      c.counters.bytes_resumed.fetch_add(p.size);
      c.counters.bytes_done.fetch_add(p.size);
    }
  }
  if (source_->resume) {
    session_->resume(c, source_->resume->upload_id);
    return queue_parts(worker);
  }
  auto self = shared_from_this();
  session_->create(worker, reader_->object_headers(c.object.content_type, c.object.options),
                   [self](Worker& w, std::optional<Error> error) {
                     if (error) return self->report(w, std::move(*error));
                     self->queue_parts(w);
                   });
}

void MultipartUpload::queue_parts(Worker& worker) {
  std::vector<Task> tasks;
  {
    base::MutexLock lock(mutex_);
    for (uint32_t i = 0; i < parts_.size(); ++i) {
      if (!parts_[i].done) tasks.push_back(part_task(i));
    }
    parts_pending_ = static_cast<uint32_t>(tasks.size());
  }
  if (tasks.empty()) return finish(worker);
  // Urgent: the parts of an upload already begun go ahead of objects not yet started.
  worker.context().enqueue_all(std::move(tasks), /*urgent=*/true);
}

Task MultipartUpload::part_task(uint32_t index) {
  auto self = shared_from_this();
  return Task{true, [self, index](Worker& worker, io::PoolBuffer buffer) {
                self->upload_part(worker, index, buffer);
              }};
}

// What stays alive until one UploadPart completes.
struct PartRequest {
  io::PoolBuffer buffer;
  s3::Operation op;
  checksum::Digest digest;
  uint64_t length = 0;
  std::optional<Error> read_error;
};

bool MultipartUpload::given_up(const EngineContext& context) {
  base::MutexLock lock(mutex_);
  return failure_.has_value() || context.cancelled.load();
}

void MultipartUpload::upload_part(Worker& worker, uint32_t index, io::PoolBuffer buffer) {
  EngineContext& c = worker.context();
  if (given_up(c)) {
    worker.release(buffer);
    return part_finished(worker, std::nullopt);
  }
  auto request = std::make_shared<PartRequest>();
  request->buffer = buffer;
  request->length = source_->plan.part_length(index, source_->stat.size);
  const uint64_t offset = source_->plan.part_offset(index);
  auto self = shared_from_this();
  // The read and the part's checksum, off the loop: the hash runs while the bytes just read
  // are still in the cache.
  worker.off_loop(
      DiskWork::kBeforeRequest,
      [self, request, index, offset, &c](DiskThread& reader) {
        if (self->given_up(c)) return;  // send_part() lets it go
        Status read = self->reader_->read(reader, offset, request->length, request->buffer);
        if (!read.ok()) {
          request->read_error = read.error();
          return;
        }
        request->op = self->session_->part_request(
            static_cast<int>(index + 1), std::string_view(request->buffer.data, request->length),
            c.object, &request->digest);
      },
      [self, request, index, &worker] { self->send_part(worker, index, request); });
}

void MultipartUpload::send_part(Worker& worker, uint32_t index,
                                std::shared_ptr<PartRequest> request) {
  if (request->read_error || given_up(worker.context())) {
    worker.release(request->buffer);
    return part_finished(worker, std::move(request->read_error));
  }
  auto self = shared_from_this();
  worker.send(&request->op, RequestKind::kData,
              [self, request, index, &worker](Result<http::Response>&& response) {
                EngineContext& c = worker.context();
                worker.release(request->buffer);
                if (!response.ok()) return self->part_finished(worker, response.error());
                std::string etag = s3::parse_upload_part(*response).etag;
                c.counters.bytes_done.fetch_add(request->length);
                self->session_->part_confirmed(c, static_cast<int>(index + 1),
                                               SentPart{etag, request->digest, request->length});
                {
                  base::MutexLock lock(self->mutex_);
                  PartResult& r = self->parts_[index];
                  r.done = true;
                  r.etag = std::move(etag);
                  r.digest = request->digest;
                }
                self->part_finished(worker, std::nullopt);
              });
}

void MultipartUpload::part_finished(Worker& worker, std::optional<Error> error) {
  bool last = false;
  {
    base::MutexLock lock(mutex_);
    if (error && !failure_) failure_ = std::move(error);
    last = --parts_pending_ == 0;
  }
  if (!last) return;
  // Complete or Abort runs as a control task so that it may start on any worker.
  auto self = shared_from_this();
  worker.context().enqueue(Task{false, [self](Worker& w, io::PoolBuffer) { self->finish(w); }},
                           /*urgent=*/true);
}

void MultipartUpload::finish(Worker& worker) {
  EngineContext& c = worker.context();
  std::optional<Error> failure;
  {
    base::MutexLock lock(mutex_);
    failure = failure_;
  }
  if (c.cancelled.load()) return;  // the coordinator keeps or aborts what is open
  if (failure) return abort(worker, std::move(*failure));
  // The source's last check (a file's fstat, an embedder's unchanged()) on a DiskThread.
  auto self = shared_from_this();
  worker.off_loop(
      DiskWork::kAfterRequest,
      [self](DiskThread&) -> std::optional<Error> {
        Status unchanged = self->reader_->unchanged();
        if (!unchanged.ok()) return unchanged.error();
        return std::nullopt;
      },
      [self, &worker](std::optional<Error> changed) {
        if (worker.context().cancelled.load()) return;
        if (changed) return self->abort(worker, std::move(*changed));
        self->complete(worker);
      });
}

void MultipartUpload::complete(Worker& worker) {
  std::vector<SentPart> sent;
  {
    base::MutexLock lock(mutex_);  // every part has finished; taken for the analysis's sake
    for (uint32_t i = 0; i < parts_.size(); ++i) {
      sent.push_back(
          {parts_[i].etag, parts_[i].digest, source_->plan.part_length(i, source_->stat.size)});
    }
  }
  auto self = shared_from_this();
  session_->complete(worker, sent,
                     [self](Worker& w, Result<MultipartSession::Completed> completed) {
                       if (!completed.ok()) return self->report(w, completed.error());
                       self->report(w, std::nullopt, completed->full_object_checksum);
                     });
}

void MultipartUpload::abort(Worker& worker, Error error) {
  auto self = shared_from_this();
  session_->abort(worker, std::move(error),
                  [self](Worker& w, Error reason) { self->report(w, std::move(reason)); });
}

void MultipartUpload::report(Worker& worker, std::optional<Error> error,
                             std::string checksum_value) {
  EngineContext& c = worker.context();
  ObjectReport report = report_for(*source_);
  {
    base::MutexLock lock(mutex_);
    report.parts = static_cast<int>(parts_.size());
    for (const PartResult& r : parts_) report.parts_resumed += r.resumed ? 1 : 0;
  }
  if (error) {
    report.error = error_for(*source_, std::move(*error));
  } else if (!checksum_value.empty()) {
    report.checksum_algorithm = std::string(checksum::algorithm_name(c.object.algorithm));
    report.checksum_value = std::move(checksum_value);
  }
  reader_.reset();
  c.finish_object(std::move(report));
}

}  // namespace

Task multipart_upload_task(std::shared_ptr<const UploadSource> source) {
  return Task{false, [source](Worker& worker, io::PoolBuffer) {
                std::make_shared<MultipartUpload>(source)->begin(worker);
              }};
}

}  // namespace hoist::transfer

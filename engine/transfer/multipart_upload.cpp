#include "engine/transfer/multipart_upload.h"

#include <optional>
#include <vector>

#include "base/mutex.h"
#include "engine/s3/abort_multipart_upload.h"
#include "engine/s3/complete_multipart_upload.h"
#include "engine/s3/create_multipart_upload.h"
#include "engine/s3/upload_part.h"
#include "engine/transfer/local_error.h"
#include "engine/transfer/multipart_requests.h"
#include "engine/transfer/object_report.h"
#include "engine/transfer/upload_headers.h"
#include "engine/transfer/worker.h"

namespace hoist::transfer {
namespace {

struct PartResult {
  bool done = false;
  bool resumed = false;
  std::string etag;
  checksum::Digest digest;
};

// One upload in progress, shared by its part tasks on every worker.
class MultipartUpload : public std::enable_shared_from_this<MultipartUpload> {
 public:
  explicit MultipartUpload(std::shared_ptr<const UploadSource> source)
      : source_(std::move(source)), parts_(source_->plan.part_count) {}

  void begin(Worker& worker);

 private:
  void on_created(Worker& worker, std::string upload_id);
  void queue_parts(Worker& worker);
  Task part_task(uint32_t index);
  void upload_part(Worker& worker, uint32_t index, io::PoolBuffer buffer);
  void part_finished(Worker& worker, std::optional<Error> error);
  void finish(Worker& worker);
  void complete(Worker& worker);
  void abort(Worker& worker, Error error);
  void report(Worker& worker, std::optional<Error> error, std::string checksum_value = {});
  checksum::Algorithm algorithm(Worker& worker) const { return worker.context().object.algorithm; }

  std::shared_ptr<const UploadSource> source_;
  std::unique_ptr<io::File> file_;
  std::string upload_id_;
  s3::Operation control_op_;  // Create, then Complete or Abort: one at a time

  base::Mutex mutex_;  // guards what part tasks on several workers touch
  std::vector<PartResult> parts_ GUARDED_BY(mutex_);
  uint32_t parts_pending_ GUARDED_BY(mutex_) = 0;
  std::optional<Error> failure_ GUARDED_BY(mutex_);
};

void MultipartUpload::begin(Worker& worker) {
  EngineContext& c = worker.context();
  io::Status opened = c.env->open_for_read(source_->path, {}, &file_);
  if (!opened.ok()) return report(worker, local_error(opened, source_->path));
  const io::FileStat& now = file_->stat_at_open();
  if (now.size != source_->stat.size || now.mtime_ns != source_->stat.mtime_ns) {
    return report(worker,
                  local_error("FileChanged", "file changed after it was listed", source_->path));
  }
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
    upload_id_ = source_->resume->upload_id;
    c.open_uploads.add({source_->bucket, source_->key, upload_id_});
    return queue_parts(worker);
  }

  control_op_ = create_upload_request(
      source_->bucket, source_->key,
      object_headers(c.object.content_type, c.object.options, source_->path, source_->stat),
      c.object);
  auto self = shared_from_this();
  worker.send(&control_op_, RequestKind::kControl,
              [self, &worker](Result<http::Response>&& response) {
                if (!response.ok()) return self->report(worker, response.error());
                auto id = s3::parse_create_multipart_upload(*response, self->control_op_);
                if (!id.ok()) return self->report(worker, id.error());
                self->on_created(worker, std::move(*id));
              });
}

void MultipartUpload::on_created(Worker& worker, std::string upload_id) {
  EngineContext& c = worker.context();
  upload_id_ = std::move(upload_id);
  c.open_uploads.add({source_->bucket, source_->key, upload_id_});
  if (c.journal) {
    // A journal that cannot be written costs resumability, not the upload.
    (void)c.journal->record_upload(
        upload_identity(*source_, checksum::algorithm_name(c.object.algorithm)), upload_id_);
  }
  queue_parts(worker);
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
};

void MultipartUpload::upload_part(Worker& worker, uint32_t index, io::PoolBuffer buffer) {
  EngineContext& c = worker.context();
  bool skip = false;
  {
    base::MutexLock lock(mutex_);
    skip = failure_.has_value() || c.cancelled.load();
  }
  if (skip) {  // the upload already failed: this part is not worth reading or sending
    worker.release(buffer);
    return part_finished(worker, std::nullopt);
  }
  auto request = std::make_shared<PartRequest>();
  request->buffer = buffer;
  request->length = source_->plan.part_length(index, source_->stat.size);
  const uint64_t offset = source_->plan.part_offset(index);
  size_t got = 0;
  io::Status read = worker.read(*file_, offset, buffer.data, request->length, &got, buffer.index);
  if (!read.ok() || got != request->length) {
    worker.release(buffer);
    return part_finished(
        worker, read.ok()
                    ? local_error("FileChanged", "file shrank while it was read", source_->path)
                    : local_error(read, source_->path));
  }
  request->op = upload_part_request(
      source_->bucket, source_->key, upload_id_, static_cast<int>(index + 1),
      std::string_view(buffer.data, request->length), c.object, &request->digest);
  auto self = shared_from_this();
  worker.send(&request->op, RequestKind::kData,
              [self, request, index, &worker](Result<http::Response>&& response) {
                EngineContext& c = worker.context();
                worker.release(request->buffer);
                if (!response.ok()) return self->part_finished(worker, response.error());
                std::string etag = s3::parse_upload_part(*response).etag;
                c.counters.bytes_done.fetch_add(request->length);
                if (c.journal) {
                  (void)c.journal->record_part(
                      self->upload_id_, JournalPart{static_cast<int>(index + 1), request->length,
                                                    etag, request->digest.to_base64()});
                }
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
  io::FileStat now;
  io::Status stat = file_->current_stat(&now);
  if (!stat.ok()) return abort(worker, local_error(stat, source_->path));
  const io::FileStat& before = file_->stat_at_open();
  if (now.size != before.size || now.mtime_ns != before.mtime_ns) {
    return abort(worker, local_error("FileChanged", "file changed while it was being uploaded",
                                     source_->path));
  }
  complete(worker);
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
  CompleteRequest request =
      complete_upload_request(source_->bucket, source_->key, upload_id_, sent, algorithm(worker));
  control_op_ = std::move(request.op);
  const std::string full_value = std::move(request.full_object_checksum);
  auto self = shared_from_this();
  worker.send(
      &control_op_, RequestKind::kControl,
      [self, &worker, full_value](Result<http::Response>&& response) {
        if (!response.ok()) return self->abort(worker, response.error());
        auto done = s3::parse_complete_multipart_upload(*response, self->control_op_);
        if (!done.ok()) return self->abort(worker, done.error());
        EngineContext& c = worker.context();
        c.open_uploads.remove({self->source_->bucket, self->source_->key, self->upload_id_});
        if (c.journal) (void)c.journal->forget_upload(self->upload_id_);
        self->report(worker, std::nullopt, full_value);
      });
}

void MultipartUpload::abort(Worker& worker, Error error) {
  control_op_ = s3::abort_multipart_upload(source_->bucket, source_->key, upload_id_);
  auto self = shared_from_this();
  worker.send(&control_op_, RequestKind::kControl,
              [self, &worker, error = std::move(error)](Result<http::Response>&& response) mutable {
                EngineContext& c = worker.context();
                const UploadSource& s = *self->source_;
                if (response.ok() || response.error().code == "NoSuchUpload") {
                  c.open_uploads.remove({s.bucket, s.key, self->upload_id_});
                  if (c.journal) (void)c.journal->forget_upload(self->upload_id_);
                } else {
                  error.message += " (and aborting upload " + self->upload_id_ +
                                   " failed: " + response.error().message +
                                   "; `hoist rm --uploads` removes it)";
                }
                self->report(worker, std::move(error));
              });
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
  file_.reset();
  c.finish_object(std::move(report));
}

}  // namespace

Task multipart_upload_task(std::shared_ptr<const UploadSource> source) {
  return Task{false, [source](Worker& worker, io::PoolBuffer) {
                std::make_shared<MultipartUpload>(source)->begin(worker);
              }};
}

}  // namespace hoist::transfer

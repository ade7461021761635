#include "engine/transfer/multipart_session.h"

#include "engine/checksum/algorithm.h"
#include "engine/s3/abort_multipart_upload.h"
#include "engine/s3/complete_multipart_upload.h"
#include "engine/s3/create_multipart_upload.h"
#include "engine/transfer/worker.h"

namespace hoist::transfer {

MultipartSession::MultipartSession(std::string bucket, std::string key,
                                   std::optional<UploadIdentity> journal_row)
    : bucket_(std::move(bucket)), key_(std::move(key)), journal_row_(std::move(journal_row)) {}

// Every callback below runs on the worker that sent its request (Worker::send).

void MultipartSession::create(Worker& worker, http::Headers headers,
                              std::function<void(Worker&, std::optional<Error>)> then) {
  control_op_ = create_upload_request(bucket_, key_, std::move(headers), worker.context().object);
  auto self = shared_from_this();
  worker.send(&control_op_, RequestKind::kControl,
              [self, &worker, then = std::move(then)](Result<http::Response>&& response) {
                if (!response.ok()) return then(worker, response.error());
                auto id = s3::parse_create_multipart_upload(*response, self->control_op_);
                if (!id.ok()) return then(worker, id.error());
                self->resume(worker.context(), std::move(*id));
                EngineContext& c = worker.context();
                if (c.journal && self->journal_row_) {
                  // A journal that cannot be written costs resumability, not the upload.
                  (void)c.journal->record_upload(*self->journal_row_, self->upload_id_);
                }
                then(worker, std::nullopt);
              });
}

void MultipartSession::resume(EngineContext& context, std::string upload_id) {
  upload_id_ = std::move(upload_id);
  context.open_uploads.add({bucket_, key_, upload_id_, journal_row_.has_value()});
}

s3::Operation MultipartSession::part_request(int number, std::string_view body,
                                             const ObjectSettings& object,
                                             checksum::Digest* digest) const {
  return upload_part_request(bucket_, key_, upload_id_, number, body, object, digest);
}

void MultipartSession::part_confirmed(EngineContext& context, int number, const SentPart& part) {
  if (!context.journal || !journal_row_) return;
  (void)context.journal->record_part(
      upload_id_, JournalPart{number, part.length, part.etag, part.digest.to_base64()});
}

void MultipartSession::complete(Worker& worker, const std::vector<SentPart>& parts,
                                std::function<void(Worker&, Result<Completed>)> then) {
  CompleteRequest request =
      complete_upload_request(bucket_, key_, upload_id_, parts, worker.context().object.algorithm);
  control_op_ = std::move(request.op);
  auto self = shared_from_this();
  worker.send(&control_op_, RequestKind::kControl,
              [self, &worker, then = std::move(then),
               full = std::move(request.full_object_checksum)](Result<http::Response>&& response) {
                auto done = response.ok()
                                ? s3::parse_complete_multipart_upload(*response, self->control_op_)
                                : Result<s3::CompleteMultipartUploadOutput>(response.error());
                if (!done.ok()) {
                  return self->abort(worker, done.error(),
                                     [then](Worker& w, Error error) { then(w, std::move(error)); });
                }
                self->closed(worker.context());
                then(worker, Completed{done->etag, full});
              });
}

void MultipartSession::abort(Worker& worker, Error error,
                             std::function<void(Worker&, Error)> then) {
  control_op_ = s3::abort_multipart_upload(bucket_, key_, upload_id_);
  auto self = shared_from_this();
  worker.send(&control_op_, RequestKind::kControl,
              [self, &worker, error = std::move(error),
               then = std::move(then)](Result<http::Response>&& response) mutable {
                if (response.ok() || response.error().code == "NoSuchUpload") {
                  self->closed(worker.context());
                } else {
                  error.message += " (and aborting upload " + self->upload_id_ +
                                   " failed: " + response.error().message +
                                   "; `hoist rm --uploads` removes it)";
                }
                then(worker, std::move(error));
              });
}

void MultipartSession::closed(EngineContext& context) {
  context.open_uploads.remove({bucket_, key_, upload_id_, journal_row_.has_value()});
  if (context.journal && journal_row_) (void)context.journal->forget_upload(upload_id_);
}

}  // namespace hoist::transfer

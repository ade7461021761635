// MultipartSession: S3's multipart protocol for one object, as every multipart upload runs it
// whatever feeds its parts (a file read at offsets, multipart_upload.cpp; a stream or a
// compressor read in turn, stream_upload.cpp): CreateMultipartUpload, the confirmed parts,
// then CompleteMultipartUpload with the part checksums and the FULL_OBJECT checksum, or
// AbortMultipartUpload after a failure. Each request is sent by a worker (the Client's retry
// budget and throttle). While open, the upload is registered with the engine, which keeps it
// (journaled) or aborts it if the transfer is cancelled; a journaled upload's parts are
// recorded so that a later run resumes it.
//
// One control request at a time: create(), then complete() or abort(), each called once
// after the previous one's callback ran.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/http/message.h"
#include "engine/s3/operation.h"
#include "engine/transfer/engine_context.h"
#include "engine/transfer/journal.h"
#include "engine/transfer/multipart_requests.h"
#include "hoist/error.h"
#include "hoist/result.h"

namespace hoist::transfer {

class Worker;

class MultipartSession : public std::enable_shared_from_this<MultipartSession> {
 public:
  // `journal_row`: the resume journal's identity of the upload (a file's); nullopt for an
  // upload that cannot be resumed (a stream), which is never journaled.
  MultipartSession(std::string bucket, std::string key, std::optional<UploadIdentity> journal_row);

  // Sends CreateMultipartUpload with the object's `headers` (plus the storage class and
  // checksum type the transfer asks for). `then` runs on a worker: with no error the upload
  // is open and upload_id() names it.
  void create(Worker& worker, http::Headers headers,
              std::function<void(Worker&, std::optional<Error>)> then);

  // Continues the upload `upload_id` an earlier run began (its parts are in the journal).
  void resume(EngineContext& context, std::string upload_id);

  // REQUIRES: create() succeeded, or resume() was called.
  const std::string& upload_id() const { return upload_id_; }

  // The UploadPart request for part `number` (1-based) of `body`; *digest gets its checksum.
  s3::Operation part_request(int number, std::string_view body, const ObjectSettings& object,
                             checksum::Digest* digest) const;

  // S3 confirmed part `number`: journaled, so that a later run need not send it again.
  void part_confirmed(EngineContext& context, int number, const SentPart& part);

  struct Completed {
    std::string etag;
    std::string full_object_checksum;  // base64; empty when not a CRC or a digest is unknown
  };
  // Sends CompleteMultipartUpload listing `parts` (part i + 1 is parts[i]); a failure aborts
  // the upload, and `then` gets the error (extended if the abort failed too).
  void complete(Worker& worker, const std::vector<SentPart>& parts,
                std::function<void(Worker&, Result<Completed>)> then);

  // Sends AbortMultipartUpload because of `error`; `then` gets `error`, extended with why the
  // abort failed when it did (the upload then stays for `hoist rm --uploads`).
  void abort(Worker& worker, Error error, std::function<void(Worker&, Error)> then);

 private:
  // The upload is no longer open: unregistered, and forgotten by the journal.
  void closed(EngineContext& context);

  const std::string bucket_;
  const std::string key_;
  const std::optional<UploadIdentity> journal_row_;
  std::string upload_id_;
  s3::Operation control_op_;  // Create, then Complete or Abort: one at a time
};

}  // namespace hoist::transfer

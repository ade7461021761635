#include "tools/serve/store_errors.h"

#include <utility>

namespace hoist::serve {

Error store_error(int http_status, std::string code, std::string message) {
  Error e = Error::make(ErrorKind::kService, std::move(code), std::move(message));
  e.http_status = http_status;
  return e;
}

Error no_such_bucket(const std::string& bucket) {
  Error e = store_error(404, "NoSuchBucket", "The specified bucket does not exist");
  e.bucket = bucket;
  return e;
}

Error no_such_key(const std::string& bucket, const std::string& key) {
  Error e = store_error(404, "NoSuchKey", "The specified key does not exist.");
  e.bucket = bucket;
  e.key = key;
  return e;
}

Error no_such_upload(const std::string& upload_id) {
  return store_error(404, "NoSuchUpload",
                     "The specified upload does not exist. The upload ID may be invalid, or the "
                     "upload may have been aborted or completed. Upload id: " +
                         upload_id);
}

Error bucket_already_owned(const std::string& bucket) {
  Error e = store_error(409, "BucketAlreadyOwnedByYou",
                        "Your previous request to create the named bucket succeeded and you "
                        "already own it.");
  e.bucket = bucket;
  return e;
}

Error bucket_not_empty(const std::string& bucket) {
  Error e = store_error(409, "BucketNotEmpty", "The bucket you tried to delete is not empty");
  e.bucket = bucket;
  return e;
}

Error invalid_argument(std::string message) {
  return store_error(400, "InvalidArgument", std::move(message));
}

Error invalid_request(std::string message) {
  return store_error(400, "InvalidRequest", std::move(message));
}

Error invalid_part(std::string message) {
  return store_error(400, "InvalidPart", std::move(message));
}

Error internal_error(std::string message) {
  Error e = store_error(500, "InternalError", std::move(message));
  e.kind = ErrorKind::kLocal;
  return e;
}

}  // namespace hoist::serve

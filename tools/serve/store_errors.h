// The S3 errors a store returns, each with the HTTP status S3 uses for it, so that FileStore
// and DiscardStore answer the same request with the same error. Called by the stores only;
// the front end turns any Error into an S3 error response.
#pragma once

#include <string>

#include "hoist/error.h"

namespace hoist::serve {

// A service error: code and status exactly as S3 sends them.
Error store_error(int http_status, std::string code, std::string message);

Error no_such_bucket(const std::string& bucket);
Error no_such_key(const std::string& bucket, const std::string& key);
Error no_such_upload(const std::string& upload_id);
Error bucket_already_owned(const std::string& bucket);
Error bucket_not_empty(const std::string& bucket);
Error invalid_argument(std::string message);
Error invalid_request(std::string message);
Error invalid_part(std::string message);

// A failure of the store itself (disk full, database error): 500, never the client's fault.
Error internal_error(std::string message);

}  // namespace hoist::serve

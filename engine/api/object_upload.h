// Upload of one local file as one object in a single PutObject request.
#pragma once

#include <string>

#include "engine/s3/service.h"
#include "hoist/client.h"

namespace hoist::api {

// Reads the file once to compute its checksum, then streams it in the request with that
// checksum in x-amz-checksum-<alg>, so S3 refuses the object if the bytes it received differ
// from the bytes that were checksummed. A file that changed while being read fails.
Result<UploadResult> upload_file(s3::Service& service, const std::string& path,
                                 const std::string& bucket, const std::string& key,
                                 const UploadOptions& options);

}  // namespace hoist::api

// AbortMultipartUpload: discards an upload and the parts already stored for it.
#pragma once

#include <string>

#include "engine/s3/operation.h"

namespace hoist::s3 {

Operation abort_multipart_upload(std::string bucket, std::string key, std::string upload_id);

}  // namespace hoist::s3

// DeleteObject: removes one object (S3 answers 204 whether or not it existed).
#pragma once

#include <string>

#include "engine/s3/operation.h"

namespace hoist::s3 {

Operation delete_object(std::string bucket, std::string key);

}  // namespace hoist::s3

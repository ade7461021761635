#include "engine/s3/delete_object.h"

namespace hoist::s3 {

Operation delete_object(std::string bucket, std::string key) {
  Operation op;
  op.name = "DeleteObject";
  op.method = "DELETE";
  op.bucket = std::move(bucket);
  op.key = std::move(key);
  return op;
}

}  // namespace hoist::s3

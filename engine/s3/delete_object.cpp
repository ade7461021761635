#include "engine/s3/delete_object.h"

namespace hoist::s3 {

Operation delete_object(std::string bucket, std::string key) {
  return Operation::on("DeleteObject", "DELETE", std::move(bucket), std::move(key));
}

}  // namespace hoist::s3

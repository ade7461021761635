#include "engine/transfer/storage_class_header.h"

namespace hoist::transfer {

void add_storage_class(const ObjectSettings& object, http::Headers* headers) {
  if (!object.storage_class.empty()) {
    headers->emplace_back("x-amz-storage-class", object.storage_class);
  }
}

}  // namespace hoist::transfer

// DownloadSource: one object on its way to one local file, as the coordinator found it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "engine/s3/object_metadata.h"

namespace hoist::transfer {

struct DownloadSource {
  std::string bucket;
  std::string key;
  uint64_t size = 0;  // from the listing or HeadObject
  std::string path;   // the file to create
  // HeadObject's answer when the coordinator already asked (a single-object copy); for
  // objects from a listing the engine asks itself when the object needs ranged GETs.
  std::optional<s3::ObjectMetadata> head;
  std::string storage_class;  // from the listing or HeadObject; empty when not known
};

}  // namespace hoist::transfer

// DownloadSource: one object on its way to one sink (a local file, stdout, a hash), as the
// coordinator found it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "engine/s3/object_metadata.h"

namespace hoist::transfer {

class ObjectSink;

struct DownloadSource {
  std::string bucket;
  std::string key;
  uint64_t size = 0;  // from the listing or HeadObject
  std::string path;   // the file to create ("-": stdout), or what `sink` stands for in reports
  // Where the content goes; null: the file at `path` (sink_for_path()).
  std::shared_ptr<ObjectSink> sink;
  // HeadObject's answer when the coordinator already asked (a single-object copy); for
  // objects from a listing the engine asks itself when the object needs ranged GETs.
  std::optional<s3::ObjectMetadata> head;
  std::string storage_class;  // from the listing or HeadObject; empty when not known
};

}  // namespace hoist::transfer

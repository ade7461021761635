// ChangeRule: whether a file and an object of the same name differ, by size and time (the
// checksum comparison of --checksum needs reads and is the caller's, after a size match).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "hoist/sync.h"
#include "io/file_stat.h"

namespace hoist::sync {

enum class Direction { kUpload, kDownload };

// What a sync knows of an object: from the listing, and from the state cache or HeadObject.
struct ObjectState {
  uint64_t size = 0;                // bytes of the file it holds (before any compression)
  std::optional<int64_t> mtime_ns;  // x-amz-meta-mtime, when the object has one
  int64_t last_modified_ns = 0;     // S3's LastModified
};

struct ChangeRule {
  SyncCompare compare = SyncCompare::kSizeAndMtime;
  bool exact_timestamps = false;
  Direction direction = Direction::kUpload;

  // Why the source must be copied over the destination ("size differs", "mtime differs",
  // "newer"), or nullopt when they count as the same. For kChecksum only sizes are compared.
  std::optional<std::string> change_reason(const io::FileStat& file,
                                           const ObjectState& object) const;
};

}  // namespace hoist::sync

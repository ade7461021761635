#include "engine/sync/change_rule.h"

namespace hoist::sync {
namespace {

int64_t whole_seconds(int64_t ns) {
  return ns >= 0 ? ns / 1'000'000'000 : -((-ns + 999'999'999) / 1'000'000'000);
}

}  // namespace

std::optional<std::string> ChangeRule::change_reason(const io::FileStat& file,
                                                     const ObjectState& object) const {
  if (file.size != object.size) return "size differs";
  if (compare != SyncCompare::kSizeAndMtime) return std::nullopt;
  // x-amz-meta-mtime is the source file's own mtime, to the nanosecond: any difference, in
  // either direction (a file restored from an older copy too), is a change.
  if (object.mtime_ns) {
    if (*object.mtime_ns != file.mtime_ns) return "mtime differs";
    return std::nullopt;
  }
  // Without it only LastModified is known: when the object was written, to the second. An
  // upload is due when the file changed after that; a download when the object was written
  // after the file's mtime (which hoist sets to LastModified on download), or with
  // exact_timestamps when the two differ at all.
  const int64_t file_seconds = whole_seconds(file.mtime_ns);
  const int64_t object_seconds = whole_seconds(object.last_modified_ns);
  if (direction == Direction::kUpload) {
    if (file_seconds > object_seconds) return "newer";
    return std::nullopt;
  }
  if (exact_timestamps) {
    if (file_seconds != object_seconds) return "mtime differs";
    return std::nullopt;
  }
  if (object_seconds > file_seconds) return "newer";
  return std::nullopt;
}

}  // namespace hoist::sync

// Sync: make a bucket prefix hold what a local directory holds (or a directory what a prefix
// holds), moving only what is new or changed. One walk of the directory, sorted, is merged
// with one paginated listing of the prefix; memory stays bounded however many files there are.
//
// Change detection, cheapest first:
//   size and mtime (default): an object's mtime is its x-amz-meta-mtime when it has one (hoist
//     and rclone write it), which must equal the file's; without it, S3's LastModified, and the
//     object is copied only when the source is newer (aws-cli's rule), or differs at all with
//     exact_timestamps (downloads).
//   size only: same size means unchanged.
//   checksum: the file's CRC against the object's stored full-object checksum, for sources
//     whose mtimes cannot be trusted.
// A state cache in the state directory remembers, per object, what hoist last saw of it (ETag,
// mtime, checksum) and per file its checksum (keyed by inode, size and mtime), so a re-sync of
// an unchanged tree neither reads files nor sends a HeadObject per object.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "hoist/error.h"
#include "hoist/transfer.h"

namespace hoist {

enum class SyncCompare { kSizeAndMtime, kSizeOnly, kChecksum };

// One thing a sync did (or, with dryrun, would do).
struct SyncAction {
  enum class Kind { kUpload, kDownload, kDelete };
  Kind kind = Kind::kUpload;
  std::string local_path;
  std::string bucket;
  std::string key;
  uint64_t bytes = 0;
  std::string reason;          // "new", "size differs", "newer", "checksum differs", "extra"
  std::optional<Error> error;  // a delete that failed
};

struct SyncOptions {
  TransferOptions transfer;  // how objects move (checksum, concurrency, ...) and callbacks
  SyncCompare compare = SyncCompare::kSizeAndMtime;
  // Downloads: without x-amz-meta-mtime, copy when LastModified and the file's mtime differ at
  // all, not only when the object is newer.
  bool exact_timestamps = false;
  // Delete what the source no longer has (objects in batches of 1,000, or local files).
  // Refused when the source is empty or missing unless allow_empty_source.
  bool delete_extra = false;
  bool allow_empty_source = false;
  // When more than this many deletions are due, none is made and the sync fails. Negative:
  // no limit.
  int64_t max_delete = -1;
  std::vector<SyncFilter> filters;
  // Decide and report (on_action), but transfer and delete nothing.
  bool dryrun = false;
  // Use (and keep) the state cache; false decides from the listing and HeadObject alone.
  bool state_cache = true;
  // Each planned transfer (dryrun only: real transfers report through transfer.on_object) and
  // each deletion, on the calling thread.
  std::function<void(const SyncAction&)> on_action;
};

struct SyncSummary {
  TransferSummary transfer;  // what moved
  uint64_t unchanged = 0;    // entries found equal on both sides
  uint64_t excluded = 0;     // entries the filters left out
  uint64_t planned = 0;      // dryrun: transfers that would have run
  uint64_t deleted = 0;
  uint64_t delete_failures = 0;
  uint64_t deletes_refused = 0;  // deletions not made (empty source, --max-delete)
  uint64_t files_hashed = 0;     // local files read to compute a checksum
  uint64_t objects_headed = 0;   // HeadObject requests sent to learn an object's metadata
  std::optional<Error> refusal;  // why deletions were refused, when they were
};

}  // namespace hoist

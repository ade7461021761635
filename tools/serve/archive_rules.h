// S3's rules for storage classes and archived objects, as `hoist serve` applies them: which
// classes a PUT may name, when a GLACIER or DEEP_ARCHIVE object may be read (only while a
// restored copy exists), what x-amz-restore says, and when a restored copy expires.
// Pure functions of their arguments; any thread may call them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "hoist/result.h"
#include "tools/serve/object_store.h"

namespace hoist::serve {

enum class RestoreState {
  kNone,        // never requested, or the restored copy expired
  kInProgress,  // requested, not readable yet
  kRestored,    // a readable copy exists until the expiry
};

RestoreState restore_state(const ObjectRestore& restore, int64_t now_ns);

// The x-amz-restore header HEAD and GET send: `ongoing-request="true"` while in progress,
// `ongoing-request="false", expiry-date="<RFC 1123>"` once restored; nullopt without a restore.
std::optional<std::string> restore_header(const ObjectRestore& restore, int64_t now_ns);

// When a copy restored at `ready_ns` for `days` days expires: S3 adds the days to the time
// the restore completes and rounds up to the next midnight UTC.
int64_t restore_expiry(int64_t ready_ns, int days);

// InvalidStorageClass (400) unless the attributes name no class or one S3 knows.
Status check_storage_class(const ObjectAttributes& attributes);

// InvalidObjectState (403) for an archived object without a readable restored copy at
// `now_ns`; GetObject answers so until it is restored.
Status check_readable(const ObjectInfo& info, int64_t now_ns);

}  // namespace hoist::serve

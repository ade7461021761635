// RestoreObject on `hoist serve`: starts (202), extends (200) or refuses (409 while in
// progress, 403 for an object that is not archived) a restore, as S3 does. A restored copy
// becomes readable `delay_ns` after the request (0: at once), so tests can see the state in
// between.
#include "engine/s3/restore_object.h"
#include "hoist/storage_class.h"
#include "tools/serve/archive_rules.h"
#include "tools/serve/operations.h"
#include "tools/serve/s3_error.h"
#include "tools/serve/store_clock.h"

namespace hoist::serve {

Result<HttpResponse> restore_object(ObjectStore& store, const Exchange& exchange,
                                    int64_t delay_ns) {
  auto request = s3::parse_restore_object_request(exchange.buffered);
  if (!request.ok()) return request.error();
  const std::string& bucket = exchange.target.bucket;
  const std::string& key = exchange.target.key;
  auto info = store.head_object(bucket, key);
  if (!info.ok()) return info.error();
  if (!is_archived_storage_class(info->attributes.storage_class)) {
    return s3_error(403, "InvalidObjectState",
                    "Restore is not allowed for the object's current storage class");
  }
  const int64_t now = now_ns();
  HttpResponse response;
  ObjectRestore restore;
  switch (restore_state(info->restore, now)) {
    case RestoreState::kInProgress:
      return s3_error(409, "RestoreAlreadyInProgress", "Object restore is already in progress");
    case RestoreState::kRestored:  // a new request moves the expiry of the copy there is
      restore.ready_ns = info->restore.ready_ns;
      restore.expiry_ns = restore_expiry(now, request->days);
      break;
    case RestoreState::kNone:
      restore.ready_ns = now + delay_ns;
      restore.expiry_ns = restore_expiry(restore.ready_ns, request->days);
      response.status = 202;
      break;
  }
  if (auto set = store.set_restore(bucket, key, info->etag, restore); !set.ok()) {
    return set.error();
  }
  return response;
}

}  // namespace hoist::serve

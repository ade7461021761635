#include "tools/serve/archive_rules.h"

#include <algorithm>

#include "hoist/storage_class.h"
#include "tools/serve/s3_error.h"
#include "tools/serve/xml_text.h"

namespace hoist::serve {
namespace {

constexpr int64_t kDayNs = 86'400'000'000'000;

}  // namespace

RestoreState restore_state(const ObjectRestore& restore, int64_t now_ns) {
  if (restore.ready_ns == 0 || now_ns >= restore.expiry_ns) return RestoreState::kNone;
  return now_ns < restore.ready_ns ? RestoreState::kInProgress : RestoreState::kRestored;
}

std::optional<std::string> restore_header(const ObjectRestore& restore, int64_t now_ns) {
  switch (restore_state(restore, now_ns)) {
    case RestoreState::kNone:
      return std::nullopt;
    case RestoreState::kInProgress:
      return std::string("ongoing-request=\"true\"");
    case RestoreState::kRestored:
      break;
  }
  return "ongoing-request=\"false\", expiry-date=\"" + http_date(restore.expiry_ns) + "\"";
}

int64_t restore_expiry(int64_t ready_ns, int days) {
  // Nanoseconds since 1970 run out in 2262: a century is as long as a copy can be kept here.
  constexpr int kMaxDays = 36'500;
  const int64_t end = ready_ns + std::min(days, kMaxDays) * kDayNs;
  return (end / kDayNs + 1) * kDayNs;
}

Status check_storage_class(const ObjectAttributes& attributes) {
  if (attributes.storage_class.empty() || is_storage_class(attributes.storage_class)) {
    return ok_status();
  }
  return s3_error(400, "InvalidStorageClass", "The storage class you specified is not valid");
}

Status check_readable(const ObjectInfo& info, int64_t now_ns) {
  if (!is_archived_storage_class(info.attributes.storage_class) ||
      restore_state(info.restore, now_ns) == RestoreState::kRestored) {
    return ok_status();
  }
  return s3_error(403, "InvalidObjectState",
                  "The operation is not valid for the object's storage class");
}

}  // namespace hoist::serve

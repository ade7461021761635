#include "engine/transfer/archived_object.h"

namespace hoist::transfer {

bool is_archived_refusal(const Error& error) {
  return error.kind == ErrorKind::kService && error.code == "InvalidObjectState";
}

void mark_if_archived(ObjectReport& report, const DownloadSource& source) {
  if (!report.error || !is_archived_refusal(*report.error)) return;
  report.archived = true;
  report.storage_class = source.storage_class;
}

}  // namespace hoist::transfer

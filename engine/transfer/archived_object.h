// Downloads of archived objects. S3 refuses to read a GLACIER or DEEP_ARCHIVE object until a
// RestoreObject request made a copy of it readable (403 InvalidObjectState). Such an object is
// not a failed download but one that cannot be downloaded yet: its report is marked archived,
// and the engine counts it apart from failures (TransferSummary::archived_skipped).
#pragma once

#include "engine/transfer/download_source.h"
#include "hoist/error.h"
#include "hoist/transfer.h"

namespace hoist::transfer {

// True when `error` is S3's refusal to read an object in an archive storage class.
bool is_archived_refusal(const Error& error);

// Marks `report` archived, with the object's storage class, when its error is that refusal.
void mark_if_archived(ObjectReport& report, const DownloadSource& source);

}  // namespace hoist::transfer

// Finding what an interrupted run left of an upload: the journal says which upload id and
// parts it recorded for this very file and object; ListParts says which of those parts the
// server still holds. Only parts both agree on (number, size, ETag) are skipped.
#pragma once

#include <optional>
#include <string_view>

#include "engine/s3/service.h"
#include "engine/transfer/journal.h"
#include "engine/transfer/upload_source.h"

namespace hoist::transfer {

// The resume point for `source`, or nullopt to start afresh. An upload the server no longer
// knows is forgotten; one that cannot be listed is aborted (best effort) and forgotten, so
// a fresh start never leaves it behind. Runs on the coordinator thread with its `control`
// service. REQUIRES: source.plan.multipart.
std::optional<ResumePoint> find_resume_point(Journal& journal, s3::Service& control,
                                             const UploadSource& source,
                                             std::string_view checksum_algorithm);

}  // namespace hoist::transfer

// Finding what an interrupted run left of an upload: the journal says which upload id and
// parts it recorded for this very file and object; ListParts says which parts the server
// holds. Parts both agree on (number, size, ETag) are skipped. Parts the server holds that the
// journal lacks (their answers never reached it: the client was killed while they were in
// flight) are adopted when the local bytes prove them (part_adoption.h), and recorded.
#pragma once

#include <optional>
#include <string_view>

#include "engine/s3/service.h"
#include "engine/transfer/journal.h"
#include "engine/transfer/part_adoption.h"
#include "engine/transfer/upload_source.h"
#include "io/env.h"

namespace hoist::transfer {

// The resume point for `source`, or nullopt to start afresh. An upload the server no longer
// knows is forgotten. Uploads journaled for the same file and key under another identity
// (changed file, other part size) are aborted and forgotten, so a fresh start leaves none
// behind. An upload whose parts cannot be listed (a server error) fails this object and
// stays journaled for a later run. Uploads a damaged journal named for the same file and
// object (Journal::take_orphaned) are aborted: this one starts afresh. Runs on the coordinator
// thread with its `control` service, reading the file through `env` for the parts it may adopt.
// REQUIRES: source.plan.multipart.
Result<std::optional<ResumePoint>> find_resume_point(Journal& journal, s3::Service& control,
                                                     io::Env* env, const UploadSource& source,
                                                     const PartAdoption& adoption);

}  // namespace hoist::transfer

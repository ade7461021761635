// Part adoption: whether a part the server holds, but the journal never recorded, holds this
// file's bytes. A client killed after the server stored a part and before its answer arrived
// leaves such parts behind; re-reading the local bytes and hashing them (CRCs run at memory
// speed) is far cheaper than sending them again.
//
// The proof is the part's own checksum when the upload has one (the server computed it from
// the bytes it stored), else its ETag taken as the part's MD5. With SSE-C or SSE-KMS an ETag
// is not an MD5, so such an upload without a part checksum adopts nothing. Anything short of
// an exact match (size, checksum) is not adopted, and UploadPart replaces the part.
//
// Called on the coordinator thread before the upload's tasks start; reads synchronously.
#pragma once

#include <optional>
#include <vector>

#include "engine/checksum/algorithm.h"
#include "engine/s3/list_parts.h"
#include "engine/transfer/journal.h"
#include "engine/transfer/object_options.h"
#include "engine/transfer/upload_source.h"
#include "io/readable_file.h"

namespace hoist::transfer {

struct PartAdoption {
  // The part checksum the upload sends (x-amz-checksum-<alg>); none: compare ETags as MD5.
  checksum::Algorithm algorithm = checksum::Algorithm::none;
  // False when the upload is encrypted with SSE-C or SSE-KMS: its ETags are not MD5s.
  bool etag_is_md5 = true;
};

// What proves parts of uploads with part checksum `algorithm` and these object options.
PartAdoption part_adoption_for(checksum::Algorithm algorithm, const ObjectOptions& options);

// The journal record for `held` when the bytes of part `held.part_number` of `file` match it,
// with the ETag the server gave and the checksum computed here; nullopt when they do not, the
// part is outside the plan, nothing can prove it, or the file cannot be read (the upload will
// meet that itself). `buffer` is scratch space, grown as needed.
// REQUIRES: `file` is source.path, opened unchanged since source.stat.
std::optional<JournalPart> adopt_part(const io::ReadableFile& file, const UploadSource& source,
                                      const s3::PartEntry& held, const PartAdoption& adoption,
                                      std::vector<char>& buffer);

}  // namespace hoist::transfer

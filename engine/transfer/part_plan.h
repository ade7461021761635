// How one object is cut into requests: a single PutObject, or a multipart upload in parts of
// one size (the last part shorter). S3's limits (5 MiB minimum part, 5 GiB maximum part,
// 10,000 parts, 5 TiB object) are applied here, before the first byte is sent, so that a
// transfer fails at once with a plain reason instead of after hours of uploading.
//
// Pure functions: no I/O, safe from any thread.
#pragma once

#include <cstdint>

#include "hoist/result.h"

namespace hoist::transfer {

struct PartPlan {
  uint64_t part_size = 0;  // every part but the last; the whole object when !multipart
  uint32_t part_count = 0;
  bool multipart = false;

  // Where part `index` (0-based; part number index + 1) starts in the object.
  // REQUIRES: index < part_count
  uint64_t part_offset(uint32_t index) const;
  // Bytes in part `index`: part_size, or what is left for the last part.
  // REQUIRES: index < part_count; object_size is the size this plan was made for
  uint64_t part_length(uint32_t index, uint64_t object_size) const;
};

// Checks a part size the user chose, once, before any transfer starts. 0 means
// kDefaultPartSize and is always valid; otherwise it must lie in [5 MiB, 5 GiB].
Status validate_part_size(uint64_t requested_part_size);

// How an object of `object_size` bytes is sent.
//  - Smaller than `multipart_threshold` (and no larger than the 5 GiB a PutObject may carry),
//    or empty: one PutObject (multipart = false, part_count = 1, part_size = object_size).
//  - Otherwise parts of `requested_part_size` (0: kDefaultPartSize), raised to a whole number
//    of MiB when that many parts would be more than 10,000.
// Fails with InvalidPartSize for a part size validate_part_size() refuses and with
// EntityTooLarge for an object over 5 TiB.
Result<PartPlan> plan_parts(uint64_t object_size, uint64_t requested_part_size,
                            uint64_t multipart_threshold);

// The part size for a stream whose size is not known until it ends (stdin). With an
// `expected_size` (0: unknown) the size is raised, as in plan_parts(), so that a stream of
// that size fits in 10,000 parts; without one the requested (or default) size is kept.
// REQUIRES: validate_part_size(requested_part_size) is ok
uint64_t stream_part_size(uint64_t expected_size, uint64_t requested_part_size);

}  // namespace hoist::transfer

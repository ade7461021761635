// UploadSource: one local file on its way to one object, as the coordinator planned it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/transfer/journal.h"
#include "engine/transfer/part_plan.h"
#include "io/file_stat.h"

namespace hoist::transfer {

// What an interrupted earlier run left of this upload: its id and the parts the server
// still holds that the journal vouches for (same number, size and ETag) or that the local
// bytes prove (adopted), by ascending part number.
struct ResumePoint {
  std::string upload_id;
  std::vector<JournalPart> parts;
};

class PartSource;

struct UploadSource {
  std::string path;   // the file; for an embedder's source, its name
  io::FileStat stat;  // when planned; the file must still match it when read (the size: any)
  // Where the bytes come from; null: the file at `path` (part_source_of() makes one).
  std::shared_ptr<PartSource> reader;
  std::string bucket;
  std::string key;
  PartPlan plan;
  std::optional<ResumePoint> resume;
};

// What the journal knows this upload by: the same file unchanged, to the same object, cut
// the same way with the same checksum.
UploadIdentity upload_identity(const UploadSource& source, std::string_view checksum_algorithm);

// What one upload of `source` reads its bytes through: its `reader`, or its file.
std::shared_ptr<PartSource> part_source_of(const UploadSource& source);

}  // namespace hoist::transfer

#include "engine/transfer/resume_point.h"

#include <algorithm>
#include <map>
#include <memory>
#include <vector>

#include "engine/s3/abort_multipart_upload.h"
#include "engine/s3/list_parts.h"
#include "engine/s3/object_metadata.h"
#include "io/readable_file.h"

namespace hoist::transfer {
namespace {

// Every part the server holds for the upload, by part number; or the error.
Result<std::map<int, s3::PartEntry>> server_parts(s3::Service& control, const UploadSource& source,
                                                  const std::string& upload_id) {
  std::map<int, s3::PartEntry> parts;
  s3::ListPartsInput input{source.bucket, source.key, upload_id};
  for (;;) {
    s3::Operation op = s3::list_parts(input);
    auto response = control.execute(op);
    if (!response.ok()) return response.error();
    auto page = s3::parse_list_parts(*response, op);
    if (!page.ok()) return page.error();
    for (s3::PartEntry& p : page->parts) parts[p.part_number] = std::move(p);
    if (!page->is_truncated || page->next_part_number_marker <= input.part_number_marker) break;
    input.part_number_marker = page->next_part_number_marker;
  }
  return parts;
}

}  // namespace

namespace {

// Aborts and forgets uploads the journal holds for the same file and object under another
// identity (the file changed, or another part size or checksum was chosen): they can never
// be resumed, and a fresh upload must not leave them behind.
void discard_superseded(Journal& journal, s3::Service& control, const UploadSource& source,
                        const UploadIdentity& current) {
  auto recorded = journal.uploads_in(source.bucket);
  if (!recorded.ok()) return;
  for (const auto& [identity, upload_id] : *recorded) {
    if (identity.key != source.key || identity.local_path != current.local_path ||
        identity == current) {
      continue;
    }
    auto aborted =
        control.execute(s3::abort_multipart_upload(source.bucket, source.key, upload_id));
    if (aborted.ok() || aborted.error().code == "NoSuchUpload") {
      (void)journal.forget_upload(upload_id);
    }
  }
}

// Aborts the uploads a damaged journal named for this file and object: the journal that could
// have resumed them is gone, so this upload starts afresh and must not leave them behind.
void abort_orphaned(Journal& journal, s3::Service& control, const UploadSource& source) {
  for (const std::string& upload_id :
       journal.take_orphaned(source.path, source.bucket, source.key)) {
    (void)control.execute(s3::abort_multipart_upload(source.bucket, source.key, upload_id));
  }
}

// The parts of `held` not in `kept` whose bytes the local file proves, recorded in the journal
// so that a later run trusts them without reading them again.
std::vector<JournalPart> adopted_parts(Journal& journal, io::Env* env, const UploadSource& source,
                                       const std::string& upload_id,
                                       const std::map<int, s3::PartEntry>& held,
                                       const std::vector<JournalPart>& kept,
                                       const PartAdoption& adoption) {
  std::vector<JournalPart> adopted;
  std::unique_ptr<io::ReadableFile> file;
  std::vector<char> buffer;
  size_t next_kept = 0;
  for (const auto& [number, entry] : held) {
    while (next_kept < kept.size() && kept[next_kept].part_number < number) ++next_kept;
    if (next_kept < kept.size() && kept[next_kept].part_number == number) continue;
    if (!file) {
      if (!io::ReadableFile::open(env, source.path, &file).ok()) return adopted;
      const io::FileStat& now = file->stat_at_open();
      // A changed file proves nothing; the upload itself will refuse it.
      if (now.size != source.stat.size || now.mtime_ns != source.stat.mtime_ns) return adopted;
    }
    if (auto part = adopt_part(*file, source, entry, adoption, buffer)) {
      (void)journal.record_part(upload_id, *part);  // a failed record costs a re-read later
      adopted.push_back(std::move(*part));
    }
  }
  return adopted;
}

}  // namespace

Result<std::optional<ResumePoint>> find_resume_point(Journal& journal, s3::Service& control,
                                                     io::Env* env, const UploadSource& source,
                                                     const PartAdoption& adoption) {
  abort_orphaned(journal, control, source);
  const UploadIdentity identity =
      upload_identity(source, checksum::algorithm_name(adoption.algorithm));
  discard_superseded(journal, control, source, identity);
  auto found = journal.find_upload(identity);
  if (!found.ok() || !*found) return std::optional<ResumePoint>();
  const std::string upload_id = **found;
  auto recorded = journal.parts(upload_id);
  auto held = server_parts(control, source, upload_id);
  if (!held.ok() && held.error().code != "NoSuchUpload") {
    // Keep the upload and its journal entry: a later run may still resume it.
    Error e = held.error();
    e.message =
        "cannot list the parts of interrupted upload " + upload_id + " to resume it: " + e.message;
    return e;
  }
  if (!recorded.ok() || !held.ok()) {
    (void)journal.forget_upload(upload_id);  // the server no longer knows it: start afresh
    return std::optional<ResumePoint>();
  }
  ResumePoint point{upload_id, {}};
  for (const JournalPart& part : *recorded) {
    if (part.part_number < 1 || static_cast<uint32_t>(part.part_number) > source.plan.part_count) {
      continue;
    }
    auto on_server = held->find(part.part_number);
    if (on_server == held->end()) continue;
    const uint64_t length = source.plan.part_length(part.part_number - 1, source.stat.size);
    if (on_server->second.size == length && part.size == length &&
        s3::unquoted_etag(on_server->second.etag) == s3::unquoted_etag(part.etag)) {
      point.parts.push_back(part);
    }
  }
  std::vector<JournalPart> adopted =
      adopted_parts(journal, env, source, upload_id, *held, point.parts, adoption);
  point.parts.insert(point.parts.end(), adopted.begin(), adopted.end());
  std::sort(point.parts.begin(), point.parts.end(), [](const JournalPart& a, const JournalPart& b) {
    return a.part_number < b.part_number;
  });
  return std::optional<ResumePoint>(std::move(point));
}

}  // namespace hoist::transfer

// Journal: the resume record of multipart uploads. For each multipart upload the transfer
// engine starts, it keeps what must match for that upload to be resumed (UploadIdentity) and
// every part the server confirmed, in one SQLite file under the user's cache directory. Running
// the same `hoist cp` again after kill -9 or Ctrl-C then finds the upload and re-sends only
// the parts it lacks.
//
// The journal is a hint, not the truth: the engine reconciles it against ListParts before
// trusting it, and an upload that S3 no longer knows is simply forgotten. A confirmed part is
// on disk when record_part() returns as far as a killed process is concerned (WAL with
// synchronous=NORMAL); surviving power loss is not promised, because losing a record only
// costs re-sending a part.
//
// A damaged journal file (truncated, overwritten, not SQLite, tables missing) costs the uploads
// it recorded, not the transfer: open() sets it aside under a new name and starts a new one,
// keeping the upload ids it could still read so those uploads can be aborted.
//
// Thread-safe: the engine's threads share one Journal. Two hoist processes may share one state
// directory; a writer waits up to 5 s for the other's write before failing. Nothing is ever
// printed: every failure is a hoist::Error of kind kLocal, code "JournalError", whose message
// and local_path name the journal file.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "hoist/result.h"

namespace hoist::transfer {

struct StateFileSpec;

// What must match for an upload to be resumed: the same bytes (path, size, mtime) going to
// the same object, cut into the same parts with the same checksum.
struct UploadIdentity {
  std::string local_path;  // absolute path of the source file
  uint64_t size = 0;
  int64_t mtime_ns = 0;
  std::string bucket;
  std::string key;
  uint64_t part_size = 0;
  std::string checksum_algorithm;  // "CRC32C", "none", ...

  bool operator==(const UploadIdentity&) const = default;
};

// One part the server confirmed (200 on UploadPart), as CompleteMultipartUpload needs it.
struct JournalPart {
  int part_number = 0;
  uint64_t size = 0;
  std::string etag;
  std::string checksum;  // base64 value of the part's checksum; empty when none

  bool operator==(const JournalPart&) const = default;
};

class Journal {
 public:
  // Opens the journal file journal.sqlite in `state_dir`, creating missing directories with
  // mode 0700 and the file with mode 0600 (it names the user's files and buckets). An existing
  // journal written by a newer hoist (a schema version this one does not know) is an error.
  // A damaged one is renamed journal.sqlite.corrupt-<UTC time> (its -wal file likewise) and a
  // new one opened; set_aside_warning() then says so.
  static Result<std::unique_ptr<Journal>> open(const std::string& state_dir);

  // $XDG_CACHE_HOME/hoist when XDG_CACHE_HOME is set and absolute, else $HOME/.cache/hoist;
  // an error when neither is usable. Creates nothing.
  static Result<std::string> default_state_dir();

  ~Journal();
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  // The path of the journal file, for messages.
  const std::string& path() const;

  // When open() set a damaged journal aside: one line naming both files and the reason, for
  // the user. Empty otherwise.
  const std::string& set_aside_warning() const;

  // The upload ids the damaged journal that open() set aside still named for this file and
  // object; each is handed out once. Empty when none (or no journal was set aside).
  std::vector<std::string> take_orphaned(const std::string& local_path, const std::string& bucket,
                                         const std::string& key);

  // The upload id recorded for exactly this identity (every field equal), or nullopt.
  Result<std::optional<std::string>> find_upload(const UploadIdentity& id);

  // Records `upload_id` for `id`. An older upload recorded for the same identity is forgotten
  // with its parts (the caller has given up on it); recording the same upload id again keeps
  // its parts.
  Status record_upload(const UploadIdentity& id, const std::string& upload_id);

  // Records a confirmed part, replacing an earlier record of the same part number. A part of
  // an upload that is not recorded (never, or no longer: a part confirmed while the upload was
  // being aborted and forgotten) is dropped, so it cannot bring a forgotten upload back.
  Status record_part(const std::string& upload_id, const JournalPart& part);

  // The recorded parts of `upload_id` by ascending part number; empty when none.
  Result<std::vector<JournalPart>> parts(const std::string& upload_id);

  // Forgets the upload and its parts (after Complete or Abort). Unknown ids are not an error.
  Status forget_upload(const std::string& upload_id);

  // The uploads recorded for `bucket` (any key) with their upload ids, ordered by key, so that
  // `hoist rm --uploads` can forget what it aborted.
  Result<std::vector<std::pair<UploadIdentity, std::string>>> uploads_in(const std::string& bucket);

 private:
  struct Impl;
  explicit Journal(std::unique_ptr<Impl> impl);
  // The file opened and its statements prepared; *damaged when a failure means the file is
  // unusable as a journal.
  static Result<std::unique_ptr<Impl>> open_file(const StateFileSpec& spec, bool* damaged);
  std::unique_ptr<Impl> impl_;
};

}  // namespace hoist::transfer

// UploadFeeder: hands local files to a running upload engine, one object each: plans its
// parts, finds what an interrupted earlier run left (the resume journal), and queues its
// first task. Files that cannot go (a plan over the limits) are reported as failed objects.
#pragma once

#include <memory>
#include <string>

#include "engine/api/transfer_setup.h"
#include "engine/api/uploaded_file_remover.h"
#include "engine/transfer/upload_source.h"
#include "hoist/error.h"

namespace hoist::api {

class UploadFeeder {
 public:
  // `buffer_size` is the engine's part buffer size: a file whose plan needs bigger parts
  // cannot go in this transfer. With `remover`, every file added is one it removes once
  // stored (TransferOptions::remove_uploaded_files).
  UploadFeeder(RunningTransfer& running, const transfer::ObjectSettings& object,
               uint64_t buffer_size, std::string bucket, UploadedFileRemover* remover = nullptr);

  // Queues `path` (as `stat` describes it) for upload to `key`; with `reader`, the bytes come
  // from it (an embedder's Source read at offsets) and `path` only names it. Blocks while the
  // engine's window of open objects is full. False once the transfer was cancelled.
  bool add(const std::string& path, const io::FileStat& stat, std::string key,
           std::shared_ptr<transfer::PartSource> reader = nullptr);

  // Reports `source` as a failed object without sending anything. False once cancelled.
  bool fail(const transfer::UploadSource& source, Error error);

  // Reports `source` as skipped with a warning: it cannot be read as a file (`why`: a dangling
  // symlink, no permission, a FIFO). False once cancelled.
  bool skip_unreadable(const transfer::UploadSource& source, Error why);

 private:
  // Reports `source` without sending anything: failed, or skipped with a warning.
  bool end_early(const transfer::UploadSource& source, Error error, bool unreadable);

  RunningTransfer& running_;
  const transfer::ObjectSettings& object_;
  uint64_t buffer_size_;
  std::string bucket_;
  UploadedFileRemover* remover_;
};

}  // namespace hoist::api

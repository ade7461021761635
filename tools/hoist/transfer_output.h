// TransferOutput: what `hoist cp`, `mv` and `sync` show while and after the engine runs: one line per
// object ("upload: a.txt to s3://b/a.txt", as aws-cli), errors on stderr, a live progress
// line on a terminal (bytes, rate, ETA, files, retries), and a final summary: one line on
// stderr (when there was more than one object, or a terminal), or one JSON object on stdout
// with --output json.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "hoist/transfer.h"
#include "tools/hoist/context.h"

namespace hoist::cli {

// What a verb adds to the transfer's summary (sync: unchanged, deleted, ...).
struct SummaryExtras {
  std::vector<std::pair<std::string, uint64_t>> counts;  // JSON fields
  std::string line;     // appended to the summary line, e.g. ", 12 unchanged"
  bool failed = false;  // something beyond the transfer failed (a deletion, say)
};

class TransferOutput {
 public:
  // `operation` is "upload" or "download"; the progress line is drawn only when
  // `progress_wanted`, stderr is a terminal, and the output is text and not --quiet.
  TransferOutput(Context& context, std::string verb, std::string operation, bool progress_wanted);

  // Points options' callbacks at this object. REQUIRES: this outlives the transfer, and
  // options.dryrun is already set.
  void attach(TransferOptions& options);
  // Downloads: archived objects that are not restored are skipped without a line, and do not
  // make the exit code 1 (--ignore-glacier-warnings).
  void ignore_archived(bool ignore) { ignore_archived_ = ignore; }
  // mv: each object that arrived (confirmed by S3, or written and verified) is passed to
  // `arrived`, which deletes its source; its line says "move:" instead of "upload:".
  void on_arrival(std::function<void(const ObjectReport&)> arrived) {
    arrived_ = std::move(arrived);
  }
  // Erases the progress line (before errors or the summary are printed).
  void clear_progress();
  // Prints the summary; returns the exit code (1 when any object failed, an archived object
  // was skipped (unless ignored), it was interrupted, or extras say something failed).
  int finish(const TransferSummary& summary, const SummaryExtras& extras = {});

 private:
  void on_object(const ObjectReport& report);
  // "upload: a.txt to s3://b/a.txt", "download: ...", or for mv "move: ...".
  std::string object_line(const ObjectReport& report, bool upload) const;
  void on_progress(const TransferProgress& progress);

  Context& context_;
  std::string verb_;
  std::string operation_;
  bool progress_ = false;
  bool progress_drawn_ = false;
  std::vector<ObjectReport> failures_;
  bool ignore_archived_ = false;
  std::function<void(const ObjectReport&)> arrived_;
  bool dryrun_ = false;  // lines say "(dryrun) ..." and no summary line follows
};

// "12.0 MiB / 100.0 MiB (45.6 MiB/s) 3/10 files, ETA 0:02, 1 retry" (no line ending).
std::string progress_line(const TransferProgress& progress);
// "3 objects, 12.0 MiB in 1.2 s (10.0 MiB/s), 1 failed, 2 retries".
std::string summary_line(const TransferSummary& summary);
// "skipped: s3://b/k is in GLACIER and not restored (hoist restore-request s3://b/k --days N)".
std::string archived_skip_line(const ObjectReport& report);

}  // namespace hoist::cli

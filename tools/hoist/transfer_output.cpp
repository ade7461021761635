#include "tools/hoist/transfer_output.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "tools/hoist/format.h"
#include "tools/hoist/printable.h"

namespace hoist::cli {
namespace {

std::string s3_url(const ObjectReport& r) { return "s3://" + r.bucket + "/" + r.key; }

std::string duration_text(double seconds) {
  long s = static_cast<long>(seconds + 0.5);
  char text[32];
  if (s >= 3600) {
    std::snprintf(text, sizeof text, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
  } else {
    std::snprintf(text, sizeof text, "%ld:%02ld", s / 60, s % 60);
  }
  return text;
}

double rate(uint64_t bytes, double seconds) { return seconds > 0 ? bytes / seconds : 0; }

}  // namespace

std::string progress_line(const TransferProgress& p) {
  const double seconds = p.elapsed.count();
  const double per_second = rate(p.bytes_done, seconds);
  std::string line = human_size(p.bytes_done) + " / " + human_size(p.bytes_total) +
                     (p.totals_final ? "" : "+") + " (" + human_size(per_second) + "/s) " +
                     std::to_string(p.objects_done + p.objects_failed + p.objects_archived +
                                    p.objects_unreadable) +
                     "/" + std::to_string(p.objects_total) + (p.totals_final ? "" : "+") + " files";
  if (p.totals_final && per_second > 0 && p.bytes_total > p.bytes_done) {
    line += ", ETA " + duration_text((p.bytes_total - p.bytes_done) / per_second);
  }
  if (p.objects_failed > 0) line += ", " + std::to_string(p.objects_failed) + " failed";
  if (p.retries > 0)
    line += ", " + std::to_string(p.retries) + (p.retries == 1 ? " retry" : " retries");
  return line;
}

std::string summary_line(const TransferSummary& s) {
  // An interrupted transfer counts the parts S3 confirmed too: that is what a resume keeps.
  const uint64_t bytes = s.interrupted ? std::max(s.bytes, s.bytes_confirmed) : s.bytes;
  char speed[64];
  std::snprintf(speed, sizeof speed, " in %.1f s (%s/s)", s.seconds,
                human_size(static_cast<uint64_t>(rate(bytes, s.seconds))).c_str());
  std::string line = plural(s.objects, "object") + ", " + human_size(bytes) + speed;
  if (s.failures > 0) line += ", " + std::to_string(s.failures) + " failed";
  if (s.skipped > 0) line += ", " + std::to_string(s.skipped) + " skipped";
  if (s.archived_skipped > 0) {
    line += ", " + std::to_string(s.archived_skipped) + " skipped (archived, not restored)";
  }
  if (s.unreadable_skipped > 0) {
    line += ", " + std::to_string(s.unreadable_skipped) + " skipped (not readable)";
  }
  if (s.retries > 0)
    line += ", " + std::to_string(s.retries) + (s.retries == 1 ? " retry" : " retries");
  if (s.bytes_resumed > 0) line += ", " + human_size(s.bytes_resumed) + " resumed";
  if (s.interrupted) {
    line += ", interrupted";
    if (s.uploads_kept > 0) {
      line +=
          " (" + plural(s.uploads_kept, "upload") + " kept: run the same command again to resume)";
    }
  }
  return line;
}

std::string archived_skip_line(const ObjectReport& r) {
  const std::string url = s3_url(r);
  const std::string where = r.storage_class.empty() ? "archived" : "in " + r.storage_class;
  return "skipped: " + url + " is " + where + " and not restored (hoist restore-request " + url +
         " --days N)";
}

TransferOutput::TransferOutput(Context& context, std::string verb, std::string operation,
                               bool progress_wanted)
    : context_(context), verb_(std::move(verb)), operation_(std::move(operation)) {
  progress_ = progress_wanted && !context.options.quiet &&
              context.format() == OutputFormat::kText && ::isatty(STDERR_FILENO);
}

void TransferOutput::attach(TransferOptions& options) {
  options.on_object = [this](const ObjectReport& r) { on_object(r); };
  options.on_warning = [this](const std::string& warning) {
    clear_progress();
    std::fprintf(stderr, "warning: %s\n", warning.c_str());
  };
  dryrun_ = options.dryrun;
  if (progress_ && !dryrun_)
    options.on_progress = [this](const TransferProgress& p) { on_progress(p); };
}

void TransferOutput::clear_progress() {
  if (!progress_drawn_) return;
  std::fputs("\r\033[K", stderr);
  std::fflush(stderr);
  progress_drawn_ = false;
}

void TransferOutput::on_progress(const TransferProgress& progress) {
  std::fprintf(stderr, "\r\033[K%s", progress_line(progress).c_str());
  std::fflush(stderr);
  progress_drawn_ = true;
}

std::string TransferOutput::object_line(const ObjectReport& r, bool upload) const {
  const std::string word = arrived_ ? "move: " : upload ? "upload: " : "download: ";
  return upload ? word + r.local_path + " to " + s3_url(r)
                : word + s3_url(r) + " to " + r.local_path;
}

void TransferOutput::on_object(const ObjectReport& r) {
  const bool upload = operation_ == "upload";
  if (r.archived) {
    if (ignore_archived_) return;
    clear_progress();
    std::fprintf(stderr, "%s\n", printable(archived_skip_line(r)).c_str());
    return;
  }
  if (r.unreadable) {
    // One line naming the entry and why, as aws-cli's "warning: Skipping file ...".
    clear_progress();
    std::fprintf(stderr, "warning: skipping %s: %s\n", printable(r.local_path).c_str(),
                 printable(r.error ? r.error->describe() : "not readable").c_str());
    return;
  }
  if (r.error) {
    clear_progress();
    const Error& e = *r.error;
    std::string subject =
        e.kind == ErrorKind::kLocal && !r.local_path.empty() ? r.local_path : s3_url(r);
    context_.report_error(verb_, subject, e);
    failures_.push_back(r);
    return;
  }
  if (r.dryrun) {
    // As aws-cli: "(dryrun) upload: a.txt to s3://b/a.txt", stdin and stdout included.
    context_.print("(dryrun) " + object_line(r, upload));
    return;
  }
  if (arrived_) arrived_(r);
  if (context_.format() != OutputFormat::kText || r.local_path == "-") return;
  clear_progress();
  context_.print(object_line(r, upload));
}

int TransferOutput::finish(const TransferSummary& s, const SummaryExtras& extras) {
  clear_progress();
  if (context_.format() == OutputFormat::kJson) {
    nlohmann::json errors = nlohmann::json::array();
    for (const ObjectReport& r : failures_) {
      errors.push_back({{"path", r.local_path},
                        {"url", s3_url(r)},
                        {"code", r.error->code},
                        {"message", r.error->message}});
    }
    nlohmann::json out = {{"operation", operation_},
                          {"bytes", s.bytes},
                          {"bytes_confirmed", s.bytes_confirmed},
                          {"objects", s.objects},
                          {"failures", s.failures},
                          {"skipped", s.skipped},
                          {"retries", s.retries},
                          {"seconds", s.seconds},
                          {"mb_per_s", rate(s.bytes, s.seconds) / 1e6},
                          {"bytes_sent", s.bytes_sent},
                          {"bytes_resumed", s.bytes_resumed},
                          {"uploads_kept", s.uploads_kept},
                          {"interrupted", s.interrupted},
                          {"request_p50_ms", s.request_p50_ms},
                          {"request_p99_ms", s.request_p99_ms},
                          {"peak_buffer_bytes", s.peak_buffer_bytes},
                          {"max_memory", s.max_memory},
                          {"concurrency", s.concurrency},
                          {"part_size", s.part_size},
                          {"errors", errors},
                          {"stored_bytes", s.stored_bytes},
                          {"archived_skipped", s.archived_skipped},
                          {"unreadable_skipped", s.unreadable_skipped}};
    for (const auto& [name, count] : extras.counts) out[name] = count;
    context_.print_json(out);
  } else if (!context_.options.quiet && !dryrun_ &&
             (progress_ ||
              s.objects + s.failures + s.skipped + s.archived_skipped + s.unreadable_skipped > 1 ||
              s.interrupted || !extras.line.empty())) {
    // One object on a pipe already got its line (or its one-line error): a summary of one
    // would only repeat it.
    std::fprintf(stderr, "%s: %s\n", operation_ == "upload" ? "uploaded" : "downloaded",
                 (summary_line(s) + extras.line).c_str());
  }
  if (s.interrupted) return kExitInterrupted;
  if (s.failures > 0 || extras.failed) return kExitFailed;
  // Skipped entries did not arrive: the copy is incomplete and a scheduled job should notice,
  // as with aws-cli's 2 (unreadable files, archived objects not restored).
  const bool archived_missing = s.archived_skipped > 0 && !ignore_archived_;
  return archived_missing || s.unreadable_skipped > 0 ? kExitSkipped : kExitOk;
}

}  // namespace hoist::cli

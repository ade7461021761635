// hoist sync: makes a prefix hold what a directory holds (or the reverse), moving only what is
// new or changed, with aws-cli's flags (--delete, --exclude/--include, --dryrun, --size-only,
// --exact-timestamps) and a state cache that makes a no-change re-sync cheap.
#include <CLI/CLI.hpp>

#include "hoist/s3_uri.h"
#include "tools/hoist/context.h"
#include "tools/hoist/filter_flags.h"
#include "tools/hoist/interrupt.h"
#include "tools/hoist/transfer_flags.h"
#include "tools/hoist/transfer_output.h"
#include "tools/hoist/format.h"
#include "tools/hoist/verb.h"

namespace hoist::cli {
namespace {

class SyncVerb : public Verb {
 public:
  CLI::App* add_to(CLI::App& app) override {
    cmd_ = app.add_subcommand(
        "sync",
        "Copy only what is new or changed between a directory and a prefix.\n"
        "  hoist sync DIR s3://bucket/prefix     upload new and changed files\n"
        "  hoist sync s3://bucket/prefix DIR     download new and changed objects\n"
        "A file and an object differ when their sizes differ or their mtimes do (the object's\n"
        "x-amz-meta-mtime, which hoist writes; without it the source counts as changed when\n"
        "newer than the other side). --checksum compares content instead. What hoist learns\n"
        "is kept in a state cache, so an unchanged tree re-syncs without reading files or\n"
        "asking for each object.");
    cmd_->add_option("source", source_, "local directory or s3://bucket/prefix")->required();
    cmd_->add_option("destination", destination_, "s3://bucket/prefix or local directory")
        ->required();
    flags_.add_to(cmd_);
    cmd_->add_flag("--delete", delete_,
                   "delete what the source does not have (objects in batches of 1,000, or "
                   "local files); refused when the source is empty or missing");
    filters_.add_to(cmd_);
    cmd_->add_flag("--dryrun", dryrun_, "print what would be copied or deleted; change nothing");
    cmd_->add_flag("--size-only", size_only_, "compare sizes only, not mtimes");
    cmd_->add_flag("--exact-timestamps", exact_timestamps_,
                   "downloads: copy same-sized objects whose time differs at all from the "
                   "file's, not only newer ones");
    cmd_->add_flag("--checksum", checksum_,
                   "compare content: the file's CRC against the object's stored full-object "
                   "checksum (for sources whose mtimes cannot be trusted)");
    cmd_->add_flag("--allow-empty-source", allow_empty_,
                   "let --delete run when the source is empty or missing");
    cmd_->add_option("--max-delete", max_delete_,
                     "when more than N deletions are due, delete nothing and fail")
        ->check(CLI::NonNegativeNumber);
    cmd_->add_flag("--no-state-cache", no_cache_,
                   "decide from the listing and HeadObject alone, without reading or updating "
                   "the state cache");
    return cmd_;
  }

  int run(Context& context) override {
    const bool from_s3 = is_s3_uri(source_);
    const bool to_s3 = is_s3_uri(destination_);
    if (from_s3 == to_s3) {
      return context.usage_error("sync",
                                 from_s3 ? "syncing from s3:// to s3:// is not supported yet"
                                         : "one of source and destination must be an s3:// URL");
    }
    if (size_only_ + checksum_ + exact_timestamps_ > 1) {
      return context.usage_error(
          "sync",
          "--size-only, --checksum and --exact-timestamps choose different rules; "
          "pick one");
    }
    auto uri = parse_s3_uri(from_s3 ? source_ : destination_);
    if (!uri.ok()) return context.usage_error("sync", uri.error().message);
    Client* client = context.client("sync");
    if (!client) return kExitConfig;
    if (!flags_.apply_profile_defaults(context, "sync", client->settings())) return kExitConfig;

    SyncOptions options;
    options.transfer = flags_.options();
    options.compare = checksum_    ? SyncCompare::kChecksum
                      : size_only_ ? SyncCompare::kSizeOnly
                                   : SyncCompare::kSizeAndMtime;
    options.exact_timestamps = exact_timestamps_;
    options.delete_extra = delete_;
    options.allow_empty_source = allow_empty_;
    options.max_delete = max_delete_;
    options.filters = filters_.filters();
    options.dryrun = dryrun_;
    options.state_cache = !no_cache_;

    TransferOutput output(context, "sync", to_s3 ? "upload" : "download",
                          flags_.show_progress() && !dryrun_);
    output.ignore_archived(flags_.ignore_glacier_warnings());
    output.attach(options.transfer);
    options.on_action = [&](const SyncAction& action) { print_action(context, output, action); };
    InterruptFlag interrupt;
    options.transfer.cancel = interrupt.flag();
    Result<SyncSummary> summary = to_s3 ? client->sync_upload(source_, *uri, options)
                                        : client->sync_download(*uri, destination_, options);
    output.clear_progress();
    if (!summary.ok()) return context.report_stop("sync", uri->to_string(), summary.error());
    const SyncSummary& s = *summary;
    if (s.refusal) context.report_error("sync", source_, *s.refusal);
    SummaryExtras extras;
    extras.counts = {{"unchanged", s.unchanged},
                     {"excluded", s.excluded},
                     {"planned", s.planned},
                     {"deleted", s.deleted},
                     {"delete_failures", s.delete_failures},
                     {"deletes_refused", s.deletes_refused},
                     {"files_hashed", s.files_hashed},
                     {"objects_headed", s.objects_headed}};
    if (s.unchanged > 0) extras.line += ", " + std::to_string(s.unchanged) + " unchanged";
    if (s.planned > 0) extras.line += ", " + plural(s.planned, "transfer") + " planned (dryrun)";
    if (s.deleted > 0) extras.line += ", " + std::to_string(s.deleted) + " deleted";
    if (s.delete_failures > 0) {
      extras.line += ", " + plural(s.delete_failures, "deletion") + " failed";
    }
    if (s.deletes_refused > 0) {
      extras.line += ", " + plural(s.deletes_refused, "deletion") + " refused";
    }
    extras.failed = s.delete_failures > 0 || s.refusal.has_value();
    return output.finish(s.transfer, extras);
  }

 private:
  static std::string url(const SyncAction& a) { return "s3://" + a.bucket + "/" + a.key; }

  void print_action(Context& context, TransferOutput& output, const SyncAction& a) const {
    output.clear_progress();
    if (a.error) {
      context.report_error("sync", a.key.empty() ? a.local_path : url(a), *a.error);
      return;
    }
    if (context.format() != OutputFormat::kText) return;
    const std::string dry = dryrun_ ? "(dryrun) " : "";
    switch (a.kind) {
      case SyncAction::Kind::kUpload:
        context.print(dry + "upload: " + a.local_path + " to " + url(a));
        break;
      case SyncAction::Kind::kDownload:
        context.print(dry + "download: " + url(a) + " to " + a.local_path);
        break;
      case SyncAction::Kind::kDelete:
        context.print(dry + "delete: " + (a.key.empty() ? a.local_path : url(a)));
        break;
    }
  }

  CLI::App* cmd_ = nullptr;
  std::string source_;
  std::string destination_;
  TransferFlags flags_;
  bool delete_ = false;
  FilterFlags filters_;
  bool dryrun_ = false;
  bool size_only_ = false;
  bool exact_timestamps_ = false;
  bool checksum_ = false;
  bool allow_empty_ = false;
  int64_t max_delete_ = -1;
  bool no_cache_ = false;
};

}  // namespace

std::unique_ptr<Verb> make_sync_verb() { return std::make_unique<SyncVerb>(); }

}  // namespace hoist::cli

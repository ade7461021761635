// Client::sync_upload: makes the objects under a prefix match the files below a directory.
#include <algorithm>
#include <unordered_map>

#include "engine/api/client_impl.h"
#include "engine/api/prefix_diff.h"
#include "engine/api/sync_session.h"
#include "engine/api/transfer_setup.h"
#include "engine/api/upload_feeder.h"
#include "engine/transfer/local_error.h"
#include "engine/transfer/object_report.h"
#include "io/file_stat.h"

namespace hoist {
namespace {

// The files one sync uploads, by key, with the stat they were planned with: what the state
// cache records once the upload succeeds. Holds only the engine's window of open objects.
using PlannedUploads = std::unordered_map<std::string, io::FileStat>;

// Deletes the keys the source no longer has, in DeleteObjects batches of 1,000.
void delete_extras(Client& client, api::SyncSession& session, const std::string& bucket,
                   const std::vector<std::string>& keys) {
  auto refused = client.delete_objects(bucket, keys);
  std::unordered_map<std::string, Error> failed;
  if (refused.ok()) {
    for (KeyError& k : *refused) failed.emplace(std::move(k.key), std::move(k.error));
  }
  for (const std::string& key : keys) {
    SyncAction action{SyncAction::Kind::kDelete, "", bucket, key, 0, "extra", std::nullopt};
    if (!refused.ok()) {
      action.error = refused.error();
    } else if (auto it = failed.find(key); it != failed.end()) {
      action.error = it->second;
    } else {
      session.forget(key);
    }
    session.report(std::move(action));
  }
}

}  // namespace

Result<SyncSummary> Client::sync_upload(const std::string& directory, const S3Uri& destination,
                                        const SyncOptions& options) {
  return sync_upload(directory, destination, options, /*stop=*/nullptr);
}

Result<SyncSummary> Client::sync_upload(const std::string& directory, const S3Uri& destination,
                                        const SyncOptions& options, const std::atomic<bool>* stop) {
  auto object = api::object_settings(options.transfer);
  if (!object.ok()) return object.error();
  if (options.transfer.remove_uploaded_files) {
    return transfer::invalid_input("InvalidArgument",
                                   "remove_uploaded_files applies to uploads, not to a sync");
  }
  io::FileStat root;
  io::Status found = io::stat_path(directory, &root);
  if (!found.ok()) return transfer::local_error(found, directory);
  if (!root.is_directory) {
    return transfer::local_error("NotADirectory", "not a directory (sync copies directories)",
                                 directory);
  }
  const std::string prefix = folder_prefix(destination.key);
  s3::ServicePool::Lease service = impl_->services.lease();
  api::SyncSession session(*service, impl_->env, impl_->settings.endpoint,
                           impl_->service_options().http.debug, options, sync::Direction::kUpload,
                           destination.bucket, stop);
  auto diff = api::diff_against_prefix(
      *this, impl_->env, directory, options.transfer.follow_symlinks, destination, options.filters,
      [&session] { return session.cancel_requested(); });
  if (!diff.ok()) return diff.error();

  // Every file below a tree travels in one buffer unless it is multipart.
  const uint64_t buffer_size =
      std::min<uint64_t>(std::max(object->part_size, object->multipart_threshold), kMaxPartSize);
  TransferOptions transfer = options.transfer;
  PlannedUploads planned;
  transfer.on_object = [&](const ObjectReport& report) {
    auto it = planned.find(report.key);
    if (it != planned.end()) {
      if (!report.error) session.remember(report.local_path, it->second, report);
      planned.erase(it);
    }
    if (options.transfer.on_object) options.transfer.on_object(report);
  };
  std::optional<api::RunningTransfer> running;
  std::optional<api::UploadFeeder> feeder;
  if (!options.dryrun) {
    auto started =
        api::start_transfer(impl_->basis(stop), transfer, *object, buffer_size, /*journaled=*/true);
    if (!started.ok()) return started.error();
    running = std::move(*started);
    feeder.emplace(*running, *object, buffer_size, destination.bucket);
  }
  SyncSummary& summary = session.summary();
  // An object that fails (`unreadable` false) or a local entry skipped with a warning, before
  // it reaches the engine; in a dry run there is no engine to count it.
  auto end_early = [&](const std::string& path, const std::string& key, Error error,
                       bool unreadable) {
    transfer::UploadSource source;
    source.path = path;
    source.bucket = destination.bucket;
    source.key = key;
    if (feeder && unreadable) return feeder->skip_unreadable(source, std::move(error));
    if (feeder) return feeder->fail(source, std::move(error));
    ObjectReport report = transfer::report_for(source);
    report.error = transfer::error_for(source, std::move(error));
    report.unreadable = unreadable;
    ++(unreadable ? summary.transfer.unreadable_skipped : summary.transfer.failures);
    if (options.transfer.on_object) options.transfer.on_object(report);
    return true;
  };
  auto fail = [&](const std::string& path, const std::string& key, Error error) {
    return end_early(path, key, std::move(error), false);
  };
  auto skip = [&](const std::string& path, const std::string& key, Error error) {
    return end_early(path, key, std::move(error), true);
  };

  std::vector<std::string> extras;
  // Below an entry that could not be read (a directory without permission, say) the source's
  // contents are unknown: nothing there counts as extra. The walk yields what lies below an
  // entry right after it, so one prefix at a time suffices.
  std::string unreadable_prefix;
  sync::DiffEntry entry;
  while ((*diff)->next(&entry)) {
    if (session.stop_requested(running ? running->engine.get() : nullptr)) break;
    const std::string key = prefix + entry.relative;
    if (!entry.local) {
      const bool below_unreadable =
          !unreadable_prefix.empty() && entry.relative.starts_with(unreadable_prefix);
      if (options.delete_extra && !below_unreadable) extras.push_back(key);
      continue;
    }
    const sync::LocalFile& file = *entry.local;
    if (file.unreadable()) {
      // Skipped with a warning, as aws-cli; its object (if any) stays.
      unreadable_prefix = entry.relative + "/";
      if (!skip(file.path, key, transfer::unreadable_entry(file.error, file.path))) break;
      continue;
    }
    std::string reason = "new";
    if (entry.remote) {
      auto why = session.change_reason(file, *entry.remote);
      if (!why.ok()) {
        // A HeadObject that gave up its retry because of a cancel failed nothing.
        if (session.stop_requested(running ? running->engine.get() : nullptr)) break;
        if (!fail(file.path, key, why.error())) break;
        continue;
      }
      if (!*why) continue;  // unchanged
      reason = std::move(**why);
    }
    if (options.dryrun) {
      session.plan({SyncAction::Kind::kUpload, file.path, destination.bucket, key, file.stat.size,
                    reason, std::nullopt});
      continue;
    }
    planned[key] = file.stat;
    if (!feeder->add(file.path, file.stat, key)) break;
  }
  Status walked = session.conclude(running ? running->engine.get() : nullptr, **diff);
  if (!walked.ok()) return walked.error();
  if (!summary.transfer.interrupted &&
      session.may_delete(extras.size(), (*diff)->local_entries() == 0, directory)) {
    if (options.dryrun) {
      for (const std::string& key : extras) {
        session.report(
            {SyncAction::Kind::kDelete, "", destination.bucket, key, 0, "extra", std::nullopt});
      }
    } else {
      delete_extras(*this, session, destination.bucket, extras);
    }
  }
  session.close();
  return summary;
}

}  // namespace hoist

// Client::sync_download: makes the files below a directory match the objects under a prefix.
#include "engine/api/client_impl.h"
#include "engine/api/download_feeder.h"
#include "engine/api/prefix_diff.h"
#include "engine/api/sync_session.h"
#include "engine/api/transfer_setup.h"
#include "engine/transfer/local_error.h"
#include "engine/transfer/object_report.h"
#include "io/file_stat.h"

namespace hoist {
namespace {

// Removes the files the source no longer has. Directories they leave empty stay, as aws-cli.
void delete_extras(io::Env* env, api::SyncSession& session, const std::vector<std::string>& paths) {
  for (const std::string& path : paths) {
    SyncAction action{SyncAction::Kind::kDelete, path, "", "", 0, "extra", std::nullopt};
    io::Status removed = env->unlink(path);
    if (!removed.ok()) action.error = transfer::local_error(removed, path);
    session.report(std::move(action));
  }
}

}  // namespace

Result<SyncSummary> Client::sync_download(const S3Uri& source, const std::string& directory,
                                          const SyncOptions& options) {
  return sync_download(source, directory, options, /*stop=*/nullptr);
}

Result<SyncSummary> Client::sync_download(const S3Uri& source, const std::string& directory,
                                          const SyncOptions& options,
                                          const std::atomic<bool>* stop) {
  auto object = api::object_settings(options.transfer);
  if (!object.ok()) return object.error();
  if (options.transfer.remove_uploaded_files) {
    return transfer::invalid_input("InvalidArgument",
                                   "remove_uploaded_files applies to uploads, not to a sync");
  }
  if (directory.empty()) return transfer::invalid_input("InvalidArgument", "empty destination");
  io::FileStat root;
  io::Status found = impl_->env->stat(directory, &root);
  if (found.ok() && !root.is_directory) {
    return transfer::local_error("NotADirectory", "exists and is not a directory", directory);
  }
  if (!found.ok() && found.error != ENOENT) return transfer::local_error(found, directory);
  if (!found.ok() && !options.dryrun) {
    io::Status created = impl_->env->create_directories(directory);
    if (!created.ok()) return transfer::local_error(created, directory);
  }
  s3::ServicePool::Lease service = impl_->services.lease();
  api::SyncSession session(*service, impl_->env, impl_->settings.endpoint,
                           impl_->service_options().http.debug, options, sync::Direction::kDownload,
                           source.bucket, stop);
  auto diff = api::diff_against_prefix(*this, impl_->env, directory,
                                       options.transfer.follow_symlinks, source, options.filters,
                                       [&session] { return session.cancel_requested(); });
  if (!diff.ok()) return diff.error();

  TransferOptions transfer = options.transfer;
  transfer.on_object = [&](const ObjectReport& report) {
    io::FileStat now;
    if (!report.error && impl_->env->stat(report.local_path, &now).ok()) {
      session.remember(report.local_path, now, report);
    }
    if (options.transfer.on_object) options.transfer.on_object(report);
  };
  std::optional<api::RunningTransfer> running;
  if (!options.dryrun) {
    auto started = api::start_transfer(impl_->basis(stop), transfer, *object, object->part_size,
                                       /*journaled=*/false);
    if (!started.ok()) return started.error();
    running = std::move(*started);
  }
  SyncSummary& summary = session.summary();
  auto fail = [&](const std::string& path, const std::string& key, Error error) {
    transfer::DownloadSource item;
    item.bucket = source.bucket;
    item.key = key;
    item.path = path;
    ObjectReport report = transfer::report_for(item);
    report.error = transfer::error_for(item, std::move(error));
    if (running) {
      running->engine->add_failed(std::move(report));
      return !running->engine->cancelled();
    }
    ++summary.transfer.failures;
    if (options.transfer.on_object) options.transfer.on_object(report);
    return true;
  };

  std::vector<std::string> extras;
  sync::DiffEntry entry;
  while ((*diff)->next(&entry)) {
    if (session.stop_requested(running ? running->engine.get() : nullptr)) break;
    const std::string path = api::path_below(directory, entry.relative);
    if (!entry.remote) {
      if (options.delete_extra) extras.push_back(path);
      continue;
    }
    ObjectInfo& remote = *entry.remote;
    std::string reason = "new";
    if (entry.local) {
      const sync::LocalFile& file = *entry.local;
      if (file.unreadable()) {
        const Error why = transfer::unreadable_entry(file.error, file.path);
        if (!fail(file.path, remote.key, why)) break;
        continue;
      }
      auto why = session.change_reason(file, remote);
      if (!why.ok()) {
        // A HeadObject that gave up its retry because of a cancel failed nothing.
        if (session.stop_requested(running ? running->engine.get() : nullptr)) break;
        if (!fail(path, remote.key, why.error())) break;
        continue;
      }
      if (!*why) continue;  // unchanged
      reason = std::move(**why);
    }
    if (options.dryrun) {
      session.plan({SyncAction::Kind::kDownload, path, source.bucket, remote.key, remote.size,
                    reason, std::nullopt});
      continue;
    }
    if (!api::queue_download(*running->engine, source.bucket, std::move(remote), path,
                             entry.relative)) {
      break;
    }
  }
  Status walked = session.conclude(running ? running->engine.get() : nullptr, **diff);
  if (!walked.ok()) return walked.error();
  if (!summary.transfer.interrupted &&
      session.may_delete(extras.size(), (*diff)->remote_objects() == 0, source.to_string())) {
    if (options.dryrun) {
      for (const std::string& path : extras) {
        session.report({SyncAction::Kind::kDelete, path, "", "", 0, "extra", std::nullopt});
      }
    } else {
      delete_extras(impl_->env, session, extras);
    }
  }
  session.close();
  return summary;
}

}  // namespace hoist

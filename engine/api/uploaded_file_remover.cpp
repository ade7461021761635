#include "engine/api/uploaded_file_remover.h"

#include "engine/transfer/local_error.h"

namespace hoist::api {

UploadedFileRemover::UploadedFileRemover(io::Env* env,
                                         std::function<void(const ObjectReport&)> then)
    : env_(env), then_(std::move(then)) {}

void UploadedFileRemover::expect(const std::string& path, const io::FileStat& listed) {
  base::MutexLock lock(mutex_);
  listed_[path] = listed;
}

std::function<void(const ObjectReport&)> UploadedFileRemover::reporter() {
  return [this](const ObjectReport& report) {
    ObjectReport settled = report;
    settle(&settled);
    if (then_) then_(settled);
  };
}

void UploadedFileRemover::settle(ObjectReport* report) {
  io::FileStat listed;
  {
    base::MutexLock lock(mutex_);
    auto it = listed_.find(report->local_path);
    if (it == listed_.end()) return;  // not a file this remover was told of
    listed = it->second;
    listed_.erase(it);
  }
  if (report->error || report->dryrun || report->unreadable || report->archived) return;
  const std::string& path = report->local_path;
  io::FileStat now;
  io::Status found = env_->stat(path, &now);
  if (!found.ok()) {
    report->removal_error = transfer::local_error(found, path);
    return;
  }
  if (now.size != listed.size || now.mtime_ns != listed.mtime_ns || now.inode != listed.inode) {
    report->removal_error =
        transfer::local_error("SourceChanged", "changed after it was listed, so it was kept", path);
    return;
  }
  io::Status removed = env_->unlink(path);
  if (!removed.ok()) report->removal_error = transfer::local_error(removed, path);
}

}  // namespace hoist::api

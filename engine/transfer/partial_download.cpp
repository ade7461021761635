#include "engine/transfer/partial_download.h"

#include <utility>

#include "io/atomic_file_writer.h"

namespace hoist::transfer {

PartialDownloads::PartialDownloads(std::vector<PartialDownload> offered) {
  base::MutexLock lock(mutex_);
  for (PartialDownload& partial : offered) {
    std::string path = partial.path;
    offered_.insert_or_assign(std::move(path), std::move(partial));
  }
}

std::optional<PartialDownload> PartialDownloads::take(const std::string& path) {
  base::MutexLock lock(mutex_);
  auto found = offered_.find(path);
  if (found == offered_.end()) return std::nullopt;
  PartialDownload partial = std::move(found->second);
  offered_.erase(found);
  return partial;
}

void PartialDownloads::keep(PartialDownload partial) {
  base::MutexLock lock(mutex_);
  kept_.push_back(std::move(partial));
}

std::vector<PartialDownload> PartialDownloads::settle(io::Env* env, bool paused) {
  base::MutexLock lock(mutex_);
  for (auto& [path, partial] : offered_) kept_.push_back(std::move(partial));
  offered_.clear();
  if (paused) return kept_;
  for (const PartialDownload& partial : kept_) {
    // Only the target's own temporary file is removed, so a forged record cannot make this
    // delete something else; one already gone is no matter.
    (void)io::AtomicFileWriter::remove_kept(env, partial.path, partial.temp_path);
  }
  kept_.clear();
  return kept_;
}

std::vector<PartialDownload> PartialDownloads::kept() const {
  base::MutexLock lock(mutex_);
  return kept_;
}

}  // namespace hoist::transfer

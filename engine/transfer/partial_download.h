// PartialDownloads: what lets a paused download go on later without fetching again what it
// already has. When a transfer is paused (not cancelled), each ranged download to a file that
// had begun keeps its temporary file and is recorded here with the ranges that file holds;
// the resume token carries the records, and the resumed transfer is offered them back. A
// ranged download of the same object version (ETag, size) to the same path with the same
// range size takes its record up: it reopens the temporary file, checks the ranges already
// there against the object's checksum as it would fetched ones, and fetches only the rest.
//
// Only ranged downloads to files whose ranges may land in any order are kept, and only an
// object with a stored CRC takes its ranges up again (nothing else proves them): an object
// small enough for one GET, one decoded on the way (Content-Encoding), verified front to back
// (a SHA checksum) or with no checksum, and stdout or an embedder's Sink start over.
//
// Thread-safe: the engine's threads record into it as downloads end.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/mutex.h"
#include "io/env.h"

namespace hoist::transfer {

struct PartialDownload {
  std::string path;       // the file the download makes
  std::string temp_path;  // its temporary file, holding the ranges in `done`
  std::string bucket;
  std::string key;
  std::string etag;  // the object version the ranges came from
  uint64_t size = 0;
  uint64_t range_size = 0;     // bytes per range (the last may be shorter)
  std::vector<uint32_t> done;  // indexes of the ranges written, ascending

  bool operator==(const PartialDownload&) const = default;
};

class PartialDownloads {
 public:
  // `offered`: what a paused run kept, for this run to take up.
  explicit PartialDownloads(std::vector<PartialDownload> offered = {});

  // `pausing` says whether a stop is a pause (keep) rather than a cancel (discard). Set
  // before the transfer starts; until then a stop discards. REQUIRES: it outlives this.
  void watch(const std::atomic<bool>* pausing) { pausing_ = pausing; }
  // True once the transfer is being paused: a download that stops keeps its temporary file.
  bool pausing() const { return pausing_ && pausing_->load(); }

  // The record offered for `path`, handed out once.
  std::optional<PartialDownload> take(const std::string& path);

  // A download that stopped while pausing, with its temporary file kept.
  void keep(PartialDownload partial);

  // After the transfer ended. `paused`: it stopped for a pause, and its token will name what
  // is kept: the records offered and never taken up are kept again (it never reached them).
  // Otherwise (it finished, failed, or was cancelled) every temporary file offered or kept
  // is removed through `env`, so nothing is left that no token names. Returns what is kept.
  std::vector<PartialDownload> settle(io::Env* env, bool paused);
  // What was kept so far (all of it, once settled).
  std::vector<PartialDownload> kept() const;

 private:
  const std::atomic<bool>* pausing_ = nullptr;
  mutable base::Mutex mutex_;
  std::map<std::string, PartialDownload> offered_ GUARDED_BY(mutex_);  // by path
  std::vector<PartialDownload> kept_ GUARDED_BY(mutex_);
};

}  // namespace hoist::transfer

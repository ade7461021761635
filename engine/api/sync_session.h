// SyncSession: what both directions of a sync share: the state cache, learning what an object
// holds (from the cache while its ETag is unchanged, else with one HeadObject that the cache
// then keeps), comparing a file with an object under the chosen rule, and the summary.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>

#include "engine/s3/service.h"
#include "engine/sync/change_rule.h"
#include "engine/sync/state_cache.h"
#include "engine/sync/tree_diff.h"
#include "engine/transfer/engine.h"
#include "hoist/sync.h"
#include "io/env.h"

namespace hoist::api {

class SyncSession {
 public:
  // `service` sends the HeadObject requests; `endpoint` tells this server's buckets apart
  // from another's of the same name in the cache; `debug` hears why the cache is off; `env`
  // reads the files --checksum hashes; `stop` is a TransferHandle's cancel flag (null: none),
  // heeded as options.transfer.cancel is.
  SyncSession(s3::Service& service, io::Env* env, const std::string& endpoint,
              http::DebugSink debug, const SyncOptions& options, sync::Direction direction,
              std::string bucket, const std::atomic<bool>* stop);

  // Why `file` and `object` (the same relative path) differ, or nullopt when the sync leaves
  // them be (counted as unchanged). Fails when a HeadObject fails or, with --checksum, the file
  // cannot be read.
  Result<std::optional<std::string>> change_reason(const sync::LocalFile& file,
                                                   const ObjectInfo& object);

  // After a transfer between `path` (with `stat` as it is now) and the object `report` names:
  // remembers both, so the next sync finds them equal without reading or asking.
  void remember(const std::string& path, const io::FileStat& stat, const ObjectReport& report);
  // After a deletion of `key`.
  void forget(const std::string& key);

  // After the last entry: joins the transfer's summary (when `engine` ran one) with the diff's
  // counts. Fails with the diff's error, if it stopped on one (then nothing may be deleted),
  // and closes the session.
  Status conclude(transfer::Engine* engine, const sync::TreeDiff& diff);

  // Whether `count` deletions may go ahead: not when the source was empty (a failed mount
  // looks like that) unless allow_empty_source, nor beyond max_delete. A refusal is recorded
  // in the summary. `source` names the source in the refusal.
  bool may_delete(uint64_t count, bool source_empty, const std::string& source);

  // Whether the sync must stop walking: a cancel (TransferOptions::cancel, or the handle's
  // stop) noticed by `engine`, or directly when there is none (a dry run); then the summary
  // says interrupted, and nothing is deleted.
  bool stop_requested(transfer::Engine* engine);
  // Whether either cancel flag is raised; changes nothing. The listing's and the HeadObjects'
  // waits before a retry end when it says true.
  bool cancel_requested() const;

  // Reports a transfer a dryrun would make (and counts it).
  void plan(SyncAction action);

  // Reports an action to the caller (and counts it).
  void report(SyncAction action);

  const SyncOptions& options() const { return options_; }
  SyncSummary& summary() { return summary_; }
  // Saves what the cache learned. Call once, at the end.
  void close();

 private:
  struct KnownObject {
    sync::ObjectState state;
    std::string checksum_algorithm;  // the content's full-object checksum, when known
    std::string checksum;
  };
  Result<KnownObject> known_object(const ObjectInfo& object);
  Result<std::optional<std::string>> decide(const sync::LocalFile& file, const ObjectInfo& object);
  Result<std::string> file_checksum(const sync::LocalFile& file, const std::string& algorithm);
  void cache_failed(const Error& error);

  s3::Service& service_;
  io::Env* env_;
  const std::atomic<bool>* stop_;
  http::DebugSink debug_;
  const SyncOptions& options_;
  sync::ChangeRule rule_;
  std::string bucket_;
  std::string location_;  // endpoint and bucket: the cache's name for this bucket
  std::unique_ptr<sync::StateCache> cache_;
  SyncSummary summary_;
};

}  // namespace hoist::api

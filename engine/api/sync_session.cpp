#include "engine/api/sync_session.h"

#include "engine/api/content_facts.h"
#include "engine/api/file_hashing.h"
#include "engine/api/object_options.h"
#include "engine/config/iso8601_time.h"
#include "engine/s3/head_object.h"
#include "engine/transfer/journal.h"

namespace hoist::api {
namespace {

bool is_crc(const std::string& algorithm) { return algorithm.starts_with("CRC"); }

int64_t listing_time_ns(const std::string& iso8601) {
  auto when = config::parse_iso8601_time(iso8601);
  if (!when) return 0;
  return std::chrono::duration_cast<std::chrono::nanoseconds>(when->time_since_epoch()).count();
}

}  // namespace

SyncSession::SyncSession(s3::Service& service, io::Env* env, const std::string& endpoint,
                         http::DebugSink debug, const SyncOptions& options,
                         sync::Direction direction, std::string bucket,
                         const std::atomic<bool>* stop)
    : service_(service),
      env_(env),
      stop_(stop),
      debug_(std::move(debug)),
      options_(options),
      bucket_(std::move(bucket)) {
  rule_.compare = options.compare;
  rule_.exact_timestamps = options.exact_timestamps;
  rule_.direction = direction;
  location_ = endpoint + "/" + bucket_;
  if (!options.state_cache) return;
  std::string dir = options.transfer.state_dir;
  if (dir.empty()) {
    auto found = transfer::Journal::default_state_dir();
    if (!found.ok()) {
      cache_failed(found.error());
      return;
    }
    dir = *found;
  }
  auto cache = sync::StateCache::open(dir);
  if (!cache.ok()) {
    cache_failed(cache.error());
    return;
  }
  cache_ = std::move(*cache);
}

// The cache only saves work: without it a sync is slower, never wrong.
void SyncSession::cache_failed(const Error& error) {
  cache_.reset();
  if (debug_) debug_("sync state cache off: " + error.message);
}

Result<SyncSession::KnownObject> SyncSession::known_object(const ObjectInfo& object) {
  KnownObject known;
  known.state.size = object.size;
  known.state.last_modified_ns = listing_time_ns(object.last_modified);
  const std::string etag = unquoted_etag(object.etag);
  if (cache_) {
    if (auto cached = cache_->object(location_, object.key, etag)) {
      known.state.size = cached->size;
      known.state.mtime_ns = cached->mtime_ns;
      known.checksum_algorithm = cached->checksum_algorithm;
      known.checksum = cached->checksum;
      return known;
    }
  }
  ++summary_.objects_headed;
  auto response = service_.execute(
      s3::head_object({bucket_, object.key, true, api::customer_key_headers(options_.transfer)}),
      [this] { return cancel_requested(); });
  if (!response.ok()) return response.error();
  ContentFacts facts = content_facts(s3::parse_head_object(*response));
  known.state.size = facts.size;
  known.state.mtime_ns = facts.mtime_ns;
  known.checksum_algorithm = facts.checksum_algorithm;
  known.checksum = facts.checksum;
  if (cache_ && !etag.empty()) {
    sync::CachedObject entry{etag, known.state.size, known.state.mtime_ns, known.checksum_algorithm,
                             known.checksum};
    if (Status s = cache_->remember_object(location_, object.key, entry); !s.ok()) {
      cache_failed(s.error());
    }
  }
  return known;
}

Result<std::string> SyncSession::file_checksum(const sync::LocalFile& file,
                                               const std::string& algorithm) {
  if (cache_) {
    if (auto cached = cache_->file_checksum(file.path, file.stat, algorithm)) return *cached;
  }
  ++summary_.files_hashed;
  auto sums = api::checksum_file(env_, {file.path, algorithm, 0});
  if (!sums.ok()) return sums.error();
  std::string value = algorithm == "MD5" ? sums->etag : sums->full_object;
  if (cache_) {
    if (Status s = cache_->remember_file(file.path, file.stat, algorithm, value); !s.ok()) {
      cache_failed(s.error());
    }
  }
  return value;
}

Result<std::optional<std::string>> SyncSession::decide(const sync::LocalFile& file,
                                                       const ObjectInfo& object) {
  using Reason = std::optional<std::string>;
  if (options_.compare == SyncCompare::kSizeOnly) {
    // The listing's size is the stored size; a compressed object's file size is known only
    // from the cache (or metadata, which a size-only sync does not ask for).
    uint64_t size = object.size;
    if (cache_) {
      if (auto cached = cache_->object(location_, object.key, unquoted_etag(object.etag))) {
        size = cached->size;
      }
    }
    return size != file.stat.size ? Reason("size differs") : Reason();
  }
  auto known = known_object(object);
  if (!known.ok()) return known.error();
  Reason reason = rule_.change_reason(file.stat, known->state);
  if (reason || options_.compare != SyncCompare::kChecksum) return reason;

  std::string algorithm = known->checksum_algorithm;
  std::string remote = known->checksum;
  if (remote.empty()) {
    const std::string etag = unquoted_etag(object.etag);
    if (!is_plain_md5(etag)) return Reason("no checksum to compare");
    algorithm = "MD5";
    remote = etag;
  }
  auto local = file_checksum(file, algorithm);
  if (!local.ok()) return local.error();
  return *local == remote ? Reason() : Reason("checksum differs");
}

Result<std::optional<std::string>> SyncSession::change_reason(const sync::LocalFile& file,
                                                              const ObjectInfo& object) {
  auto reason = decide(file, object);
  if (reason.ok() && !*reason) ++summary_.unchanged;
  return reason;
}

void SyncSession::plan(SyncAction action) {
  ++summary_.planned;
  report(std::move(action));
}

void SyncSession::remember(const std::string& path, const io::FileStat& stat,
                           const ObjectReport& report) {
  if (!cache_ || report.etag.empty()) return;
  sync::CachedObject entry;
  entry.etag = unquoted_etag(report.etag);
  entry.size = stat.size;
  entry.mtime_ns = stat.mtime_ns;
  // The report's checksum is the whole content's when it was one request or a CRC (multipart
  // uploads combine part CRCs into the FULL_OBJECT value); on downloads only once verified.
  const bool whole_content = report.parts == 0 || is_crc(report.checksum_algorithm);
  const bool trusted = rule_.direction == sync::Direction::kUpload || report.checksum_verified;
  // An object stored compressed has a checksum of the compressed bytes, not of the file.
  const bool stored_as_is = report.stored_bytes == report.bytes;
  if (whole_content && trusted && stored_as_is && !report.checksum_value.empty() &&
      report.checksum_algorithm != "none") {
    entry.checksum_algorithm = report.checksum_algorithm;
    entry.checksum = report.checksum_value;
  }
  Status s = cache_->remember_object(location_, report.key, entry);
  if (s.ok() && !entry.checksum.empty()) {
    s = cache_->remember_file(path, stat, entry.checksum_algorithm, entry.checksum);
  }
  if (!s.ok()) cache_failed(s.error());
}

void SyncSession::forget(const std::string& key) {
  if (!cache_) return;
  if (Status s = cache_->forget_object(location_, key); !s.ok()) cache_failed(s.error());
}

Status SyncSession::conclude(transfer::Engine* engine, const sync::TreeDiff& diff) {
  if (engine) summary_.transfer = engine->finish();
  summary_.transfer.skipped += diff.skipped();
  summary_.excluded = diff.excluded();
  if (diff.error() && cancel_requested()) {
    // The listing gave up its retry because of the cancel: interrupted, not failed.
    summary_.transfer.interrupted = true;
    return ok_status();
  }
  if (diff.error()) {
    close();
    return *diff.error();
  }
  return ok_status();
}

bool SyncSession::stop_requested(transfer::Engine* engine) {
  if (engine) return engine->stop_requested();
  if (!cancel_requested()) return false;
  summary_.transfer.interrupted = true;
  return true;
}

bool SyncSession::cancel_requested() const {
  return transfer::cancel_raised(options_.transfer, stop_);
}

bool SyncSession::may_delete(uint64_t count, bool source_empty, const std::string& source) {
  if (count == 0) return false;
  std::string why;
  if (source_empty && !options_.allow_empty_source) {
    why = "the source " + source + " is empty or missing: refusing to delete " +
          std::to_string(count) +
          " entries from the destination (pass --allow-empty-source if that is intended)";
  } else if (options_.max_delete >= 0 && count > static_cast<uint64_t>(options_.max_delete)) {
    why = std::to_string(count) + " deletions are due, more than --max-delete " +
          std::to_string(options_.max_delete) + ": nothing was deleted";
  } else {
    return true;
  }
  summary_.deletes_refused = count;
  summary_.refusal = Error::make(ErrorKind::kInvalid, "DeleteRefused", why);
  return false;
}

void SyncSession::report(SyncAction action) {
  if (action.kind == SyncAction::Kind::kDelete) {
    if (action.error) {
      ++summary_.delete_failures;
    } else if (!options_.dryrun) {
      ++summary_.deleted;
    }
  }
  if (options_.on_action) options_.on_action(action);
}

void SyncSession::close() {
  if (!cache_) return;
  if (Status s = cache_->flush(); !s.ok()) cache_failed(s.error());
  cache_.reset();
}

}  // namespace hoist::api

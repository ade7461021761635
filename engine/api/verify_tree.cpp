// Client::verify: the restore test. One sorted walk merged with one listing (TreeDiff), then
// per pair a checksum comparison: against the stored full-object checksum (HeadObject), or,
// with --download, against the object's content read back through the transfer engine (ranged
// GETs in parallel, checked against the stored checksum and decoded as any download is) into
// a HashingSink. Entries are reported in the walk's order whatever order downloads finish in.
#include <chrono>
#include <deque>
#include <map>
#include <memory>

#include "engine/api/client_impl.h"
#include "engine/api/content_facts.h"
#include "engine/api/download_feeder.h"
#include "engine/api/file_hashing.h"
#include "engine/api/prefix_diff.h"
#include "engine/api/transfer_setup.h"
#include "engine/checksum/algorithm.h"
#include "engine/s3/head_object.h"
#include "engine/sync/tree_diff.h"
#include "engine/transfer/download_object.h"
#include "engine/transfer/local_error.h"
#include "engine/transfer/object_sink.h"
#include "io/file_stat.h"

namespace hoist {
namespace {

using Outcome = VerifyEntry::Status;

// The algorithm a download is hashed with when the object stores none to check against: the
// fastest of S3's, so verifying costs no more than reading.
constexpr checksum::Algorithm kDefaultAlgorithm = checksum::Algorithm::crc64nvme;

// One entry on its way to the caller: finished at once, or when its download is.
struct PendingEntry {
  VerifyEntry entry;
  bool done = true;
  // While downloading: the file it is compared with, and what hashes the object's content.
  sync::LocalFile file;
  checksum::Algorithm algorithm = checksum::Algorithm::none;
  std::shared_ptr<transfer::HashingSink> sink;
};

class TreeVerifier {
 public:
  TreeVerifier(s3::Service& service, io::Env* env, const VerifyOptions& options, std::string bucket,
               http::Headers customer_key, VerifySummary& summary)
      : service_(service),
        env_(env),
        options_(options),
        bucket_(std::move(bucket)),
        customer_key_(std::move(customer_key)),
        summary_(summary) {}

  // The engine that downloads objects (with --download). REQUIRES: set before compare().
  void use_engine(transfer::Engine* engine) { engine_ = engine; }

  // A new entry, to be filled in; reported in turn by emit_ready().
  PendingEntry& add() { return entries_.emplace_back(); }

  void compare(const sync::LocalFile& file, const ObjectInfo& object, PendingEntry& pending) {
    VerifyEntry* entry = &pending.entry;
    auto head = service_.execute(s3::head_object({bucket_, object.key, true, customer_key_}));
    if (!head.ok()) return fail(entry, head.error());
    s3::ObjectMetadata meta = s3::parse_head_object(*head);
    api::ContentFacts facts = api::content_facts(meta);
    if (facts.size_known && facts.size != file.stat.size) {
      entry->status = Outcome::kDiffers;
      entry->detail = "size: file " + std::to_string(file.stat.size) + " bytes, object " +
                      std::to_string(facts.size);
      return;
    }
    if (options_.download) return start_download(file, object, std::move(meta), facts, pending);

    std::string algorithm = facts.checksum_algorithm;
    std::string stored = facts.checksum;
    const std::string etag = api::unquoted_etag(object.etag);
    if (stored.empty() && !facts.compressed && api::is_plain_md5(etag)) {
      algorithm = "MD5";
      stored = etag;
    }
    if (stored.empty()) {
      entry->status = Outcome::kUnverifiable;
      entry->detail = facts.compressed
                          ? "stored compressed: its checksum is of other bytes (use --download)"
                          : "the object has no full-object checksum (use --download)";
      return;
    }
    auto local = local_checksum(file, algorithm);
    if (!local.ok()) return fail(entry, local.error());
    settle(entry, algorithm, *local, stored);
  }

  // A download finished (on the calling thread, from the engine's callbacks).
  void downloaded(const ObjectReport& report) {
    auto found = downloading_.find(report.key);
    if (found == downloading_.end()) return;
    PendingEntry& pending = *found->second;
    downloading_.erase(found);
    pending.done = true;
    finish_download(report, pending);
    pending.sink.reset();
  }

  // Reports, in order, the entries at the front that are finished.
  void emit_ready() {
    while (!entries_.empty() && entries_.front().done) {
      const VerifyEntry& entry = entries_.front().entry;
      count(entry.status);
      if (options_.on_entry) options_.on_entry(entry);
      entries_.pop_front();
    }
  }

 private:
  // Hands the object to the engine. The engine checks the bytes against the object's stored
  // checksum (and decodes an object stored compressed); the sink hashes the content for the
  // comparison with the file, except when the stored checksum is already a CRC of that
  // content: then the verified stored value is the content's checksum and the sink only counts.
  void start_download(const sync::LocalFile& file, const ObjectInfo& object,
                      s3::ObjectMetadata meta, const api::ContentFacts& facts,
                      PendingEntry& pending) {
    auto stored = checksum::parse_algorithm(facts.stored_checksum_algorithm);
    const bool stored_is_content_crc =
        !facts.compressed && !facts.stored_checksum.empty() && stored && checksum::is_crc(*stored);
    pending.algorithm = stored_is_content_crc ? *stored : kDefaultAlgorithm;
    pending.sink = std::make_shared<transfer::HashingSink>(
        stored_is_content_crc ? checksum::Algorithm::none : pending.algorithm, file.path);
    pending.file = file;
    pending.done = false;
    downloading_[object.key] = &pending;

    auto item = std::make_shared<transfer::DownloadSource>();
    item->bucket = bucket_;
    item->key = object.key;
    item->size = meta.content_length;
    item->path = file.path;
    item->storage_class = meta.storage_class;
    item->head = std::move(meta);
    item->sink = pending.sink;
    const uint64_t size = item->size;
    engine_->add(transfer::download_task(std::move(item)), size);
  }

  void finish_download(const ObjectReport& report, PendingEntry& pending) {
    VerifyEntry* entry = &pending.entry;
    if (report.error) {
      // Bytes that contradict the object's own stored checksum, or a stored compressed stream
      // that does not decode, are a difference; anything else (the object could not be read
      // whole) an error.
      const Error& error = *report.error;
      if (error.kind == ErrorKind::kIntegrity && error.code != "IncompleteBody") {
        entry->status = Outcome::kDiffers;
        entry->detail = error.message;
        return;
      }
      return fail(entry, error);
    }
    summary_.bytes_downloaded += report.stored_bytes;
    const std::string algorithm(checksum::algorithm_name(pending.algorithm));
    std::string content = pending.sink->digest();
    if (pending.sink->algorithm() == checksum::Algorithm::none) {
      if (!report.checksum_verified || report.checksum_algorithm != algorithm) {
        const std::string why =
            "the download was not checked against the object's stored " + algorithm;
        return fail(entry, transfer::local_error("NotVerified", why, pending.file.path));
      }
      content = report.checksum_value;
    }
    if (pending.sink->bytes() != pending.file.stat.size) {
      entry->status = Outcome::kDiffers;
      entry->detail = "object content is " + std::to_string(pending.sink->bytes()) +
                      " bytes, file " + std::to_string(pending.file.stat.size);
      return;
    }
    auto local = local_checksum(pending.file, algorithm);
    if (!local.ok()) return fail(entry, local.error());
    settle(entry, algorithm, *local, content);
  }

  Result<std::string> local_checksum(const sync::LocalFile& file, const std::string& algorithm) {
    auto sums = api::checksum_file(env_, {file.path, algorithm, 0});
    if (!sums.ok()) return sums.error();
    summary_.bytes_hashed += sums->size;
    // The file must still be the one the walk saw; a file changing under a verify proves
    // nothing either way.
    io::FileStat now;
    if (env_->stat(file.path, &now).ok() &&
        (now.size != file.stat.size || now.mtime_ns != file.stat.mtime_ns)) {
      return transfer::local_error("FileChanged", "changed while it was read", file.path);
    }
    return algorithm == "MD5" ? sums->etag : sums->full_object;
  }

  static void settle(VerifyEntry* entry, const std::string& algorithm, const std::string& local,
                     const std::string& object) {
    entry->algorithm = algorithm;
    entry->local_checksum = local;
    entry->object_checksum = object;
    if (local == object) {
      entry->status = Outcome::kMatch;
    } else {
      entry->status = Outcome::kDiffers;
      entry->detail = algorithm + ": file " + local + ", object " + object;
    }
  }

  static void fail(VerifyEntry* entry, Error error) {
    entry->status = Outcome::kError;
    entry->detail = error.message;
    entry->error = std::move(error);
  }

  void count(Outcome status) {
    switch (status) {
      case Outcome::kMatch:
        ++summary_.matched;
        break;
      case Outcome::kDiffers:
        ++summary_.differing;
        break;
      case Outcome::kMissing:
        ++summary_.missing;
        break;
      case Outcome::kExtra:
        ++summary_.extra;
        break;
      case Outcome::kUnverifiable:
        ++summary_.unverifiable;
        break;
      case Outcome::kError:
        ++summary_.errors;
        break;
    }
  }

  s3::Service& service_;
  io::Env* env_;  // reads the local files
  const VerifyOptions& options_;
  std::string bucket_;
  http::Headers customer_key_;  // SSE-C: on every HeadObject and GetObject
  VerifySummary& summary_;
  transfer::Engine* engine_ = nullptr;
  // Entries not yet reported, in the walk's order (a deque keeps references stable).
  std::deque<PendingEntry> entries_;
  std::map<std::string, PendingEntry*> downloading_;  // by key
};

}  // namespace

Result<VerifySummary> Client::verify(const std::string& directory, const S3Uri& prefix,
                                     const VerifyOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  io::FileStat root;
  io::Status found = impl_->env->stat(directory, &root);
  if (!found.ok()) return transfer::local_error(found, directory);
  if (!root.is_directory) {
    return transfer::local_error("NotADirectory", "not a directory", directory);
  }
  const std::string key_root = folder_prefix(prefix.key);
  auto diff = api::diff_against_prefix(*this, impl_->env, directory, options.follow_symlinks,
                                       prefix, options.filters);
  if (!diff.ok()) return diff.error();

  // The SSE-C pair is checked as for a transfer, so a bad key fails here in one line.
  TransferOptions download;
  download.sse_customer_algorithm = options.sse_customer_algorithm;
  download.sse_customer_key = options.sse_customer_key;
  auto object = api::object_settings(download);
  if (!object.ok()) return object.error();
  VerifySummary summary;
  s3::ServicePool::Lease service = impl_->services.lease();
  TreeVerifier verifier(*service, impl_->env, options, prefix.bucket, object->options.customer_key,
                        summary);
  api::RunningTransfer running;
  if (options.download) {
    download.resume = false;
    download.on_object = [&verifier](const ObjectReport& report) { verifier.downloaded(report); };
    auto started_engine =
        api::start_transfer(impl_->basis(/*stop=*/nullptr), download, *object, object->part_size,
                            /*journaled=*/false);
    if (!started_engine.ok()) return started_engine.error();
    running = std::move(*started_engine);
    verifier.use_engine(running.engine.get());
  }
  sync::DiffEntry pair;
  while ((*diff)->next(&pair)) {
    PendingEntry& pending = verifier.add();
    VerifyEntry& entry = pending.entry;
    entry.bucket = prefix.bucket;
    entry.key = key_root + pair.relative;
    entry.local_path = pair.local ? pair.local->path : api::path_below(directory, pair.relative);
    if (pair.local && pair.local->unreadable()) {
      entry.status = Outcome::kError;
      entry.error = transfer::unreadable_entry(pair.local->error, pair.local->path);
      entry.detail = entry.error->message;
    } else if (!pair.remote) {
      entry.status = Outcome::kMissing;
      entry.size = pair.local->stat.size;
      entry.detail = "no object";
    } else if (!pair.local) {
      entry.status = Outcome::kExtra;
      entry.size = pair.remote->size;
      entry.detail = "no local file";
    } else {
      entry.size = pair.local->stat.size;
      verifier.compare(*pair.local, *pair.remote, pending);
    }
    verifier.emit_ready();
  }
  // Waits for the downloads still running; their entries are reported as they finish.
  if (running.engine) running.engine->finish();
  verifier.emit_ready();
  if ((*diff)->error()) return *(*diff)->error();
  summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

}  // namespace hoist

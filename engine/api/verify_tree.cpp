// Client::verify: the restore test. One sorted walk merged with one listing (TreeDiff), then
// per pair a checksum comparison: against the stored full-object checksum (HeadObject), or
// against the bytes of the object streamed back (download).
#include <chrono>
#include <span>

#include "engine/api/client_impl.h"
#include "engine/api/content_facts.h"
#include "engine/api/download_feeder.h"
#include "engine/api/file_hashing.h"
#include "engine/api/object_options.h"
#include "engine/api/prefix_diff.h"
#include "engine/checksum/algorithm.h"
#include "engine/checksum/hasher.h"
#include "engine/compress/decompressor.h"
#include "engine/s3/get_object.h"
#include "engine/s3/head_object.h"
#include "engine/sync/tree_diff.h"
#include "engine/transfer/local_error.h"
#include "io/file_stat.h"

namespace hoist {
namespace {

using Outcome = VerifyEntry::Status;

// The algorithm a download is hashed with when the object stores none to check against: the
// fastest of S3's, so verifying costs no more than reading.
constexpr const char* kDefaultAlgorithm = "CRC64NVME";

class TreeVerifier {
 public:
  TreeVerifier(s3::Service& service, io::Env* env, const VerifyOptions& options, std::string bucket,
               http::Headers customer_key)
      : service_(service),
        env_(env),
        options_(options),
        bucket_(std::move(bucket)),
        customer_key_(std::move(customer_key)) {}

  void compare(const sync::LocalFile& file, const ObjectInfo& object, VerifyEntry* entry) {
    auto head = service_.execute(s3::head_object({bucket_, object.key, true, customer_key_}));
    if (!head.ok()) return fail(entry, head.error());
    api::ContentFacts facts = api::content_facts(s3::parse_head_object(*head));
    if (facts.size_known && facts.size != file.stat.size) {
      entry->status = Outcome::kDiffers;
      entry->detail = "size: file " + std::to_string(file.stat.size) + " bytes, object " +
                      std::to_string(facts.size);
      return;
    }
    if (options_.download) return compare_download(file, object, facts, entry);

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

  uint64_t bytes_hashed = 0;
  uint64_t bytes_downloaded = 0;

 private:
  // Streams the object back: the bytes as stored are hashed against the object's own stored
  // checksum (when it has one), and the content (decoded, when stored compressed) against
  // the file's.
  void compare_download(const sync::LocalFile& file, const ObjectInfo& object,
                        const api::ContentFacts& facts, VerifyEntry* entry) {
    const std::string& stored_algorithm = facts.stored_checksum_algorithm;
    const bool checks_stored = !facts.stored_checksum.empty();
    // Uncompressed: one hash serves both comparisons when the stored algorithm is a CRC.
    const std::string algorithm =
        !facts.compressed && checks_stored && !stored_algorithm.starts_with("SHA")
            ? stored_algorithm
            : kDefaultAlgorithm;
    std::unique_ptr<checksum::Hasher> content = make(algorithm);
    std::unique_ptr<checksum::Hasher> stored =
        checks_stored && (facts.compressed || stored_algorithm != algorithm)
            ? make(stored_algorithm)
            : nullptr;
    std::unique_ptr<compress::Decompressor> decoder;
    std::vector<uint8_t> decoded;
    std::string decode_error;
    uint64_t received = 0, content_bytes = 0;
    s3::GetObjectInput get;
    get.bucket = bucket_;
    get.key = object.key;
    get.if_match = object.etag;
    get.headers = customer_key_;
    // A retried request starts over: so do the hashes and the decoder.
    get.on_headers = [&](long, const http::Headers&) {
      (void)content->finish();
      if (stored) (void)stored->finish();
      if (facts.codec) decoder = facts.codec->make_decompressor();
      decode_error.clear();
      received = content_bytes = 0;
      return true;
    };
    get.sink = [&](const char* data, size_t size) {
      std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(data), size);
      received += size;
      if (stored) stored->update(bytes);
      if (!decoder) {
        content->update(bytes);
        content_bytes += size;
        return true;
      }
      decoded.clear();
      if (!decoder->decompress(bytes, &decoded, &decode_error)) return false;
      content->update(decoded);
      content_bytes += decoded.size();
      return true;
    };
    auto response = service_.execute(s3::get_object(get));
    if (decoder && decode_error.empty() && response.ok()) decoder->finish(&decode_error);
    if (!decode_error.empty()) {
      entry->status = Outcome::kDiffers;
      entry->detail =
          "the stored " + std::string(facts.codec->name()) + " stream is corrupt: " + decode_error;
      return;
    }
    if (!response.ok()) return fail(entry, response.error());
    bytes_downloaded += received;
    const std::string downloaded = content->finish().to_base64();
    const std::string stored_bytes = stored          ? stored->finish().to_base64()
                                     : checks_stored ? downloaded
                                                     : "";
    if (checks_stored && stored_bytes != facts.stored_checksum) {
      entry->status = Outcome::kDiffers;
      entry->algorithm = stored_algorithm;
      entry->object_checksum = stored_bytes;
      entry->detail = "the object's bytes do not match its own stored " + stored_algorithm + " " +
                      facts.stored_checksum;
      return;
    }
    if (content_bytes != file.stat.size) {
      entry->status = Outcome::kDiffers;
      entry->detail = "object content is " + std::to_string(content_bytes) + " bytes, file " +
                      std::to_string(file.stat.size);
      return;
    }
    auto local = local_checksum(file, algorithm);
    if (!local.ok()) return fail(entry, local.error());
    settle(entry, algorithm, *local, downloaded);
  }

  static std::unique_ptr<checksum::Hasher> make(const std::string& algorithm) {
    return checksum::make_hasher(*checksum::parse_algorithm(algorithm));
  }

  Result<std::string> local_checksum(const sync::LocalFile& file, const std::string& algorithm) {
    auto sums = api::checksum_file(env_, {file.path, algorithm, 0});
    if (!sums.ok()) return sums.error();
    bytes_hashed += sums->size;
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

  s3::Service& service_;
  io::Env* env_;  // reads the local files
  const VerifyOptions& options_;
  std::string bucket_;
  http::Headers customer_key_;  // SSE-C: on every HeadObject and GetObject
};

void count(VerifySummary& summary, Outcome status) {
  switch (status) {
    case Outcome::kMatch:
      ++summary.matched;
      break;
    case Outcome::kDiffers:
      ++summary.differing;
      break;
    case Outcome::kMissing:
      ++summary.missing;
      break;
    case Outcome::kExtra:
      ++summary.extra;
      break;
    case Outcome::kUnverifiable:
      ++summary.unverifiable;
      break;
    case Outcome::kError:
      ++summary.errors;
      break;
  }
}

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
  TransferOptions key_only;
  key_only.sse_customer_algorithm = options.sse_customer_algorithm;
  key_only.sse_customer_key = options.sse_customer_key;
  auto checked = api::object_options(key_only, checksum::Algorithm::crc64nvme);
  if (!checked.ok()) return checked.error();
  TreeVerifier verifier(impl_->service, impl_->env, options, prefix.bucket, checked->customer_key);
  VerifySummary summary;
  sync::DiffEntry pair;
  while ((*diff)->next(&pair)) {
    VerifyEntry entry;
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
      verifier.compare(*pair.local, *pair.remote, &entry);
    }
    count(summary, entry.status);
    if (options.on_entry) options.on_entry(entry);
  }
  if ((*diff)->error()) return *(*diff)->error();
  summary.bytes_hashed = verifier.bytes_hashed;
  summary.bytes_downloaded = verifier.bytes_downloaded;
  summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

}  // namespace hoist

// Transfers: the parallel engine's side of the public API. One transfer moves one file, a
// directory tree, or a stream to S3, or objects back, with many requests in flight, part
// buffers under a memory cap, retries, and a journal that lets an interrupted upload resume.
//
// Callbacks (on_progress, on_object, on_warning) run on the thread that called
// Client::upload/download (for Client::start_upload/start_download, on the transfer's own
// thread), one at a time, so a caller needs no locking of its own; never on an engine thread.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hoist/error.h"

namespace hoist {

// S3's multipart limits, enforced before the first byte is sent.
inline constexpr uint64_t kMinPartSize = 5ull << 20;  // 5 MiB (all parts but the last)
inline constexpr uint64_t kMaxPartSize = 5ull << 30;  // 5 GiB
inline constexpr uint64_t kMaxPartCount = 10000;
inline constexpr uint64_t kMaxObjectSize = 5ull << 40;    // 5 TiB
inline constexpr uint64_t kDefaultPartSize = 8ull << 20;  // 8 MiB
inline constexpr uint64_t kDefaultMultipartThreshold = 8ull << 20;

// --exclude / --include, with aws-cli's semantics: every filter is tried in order against the
// path below the copied or synced directory (or the key below the prefix); the last one that
// matches decides; a path no filter matches is included. Patterns are shell globs where '*'
// also matches '/'.
struct SyncFilter {
  bool include = false;
  std::string pattern;
};

// True when `relative` (a path below the directory, or a key below the prefix) passes
// `filters`.
bool filters_include(const std::vector<SyncFilter>& filters, std::string_view relative);

// A snapshot of a running transfer, for progress lines.
struct TransferProgress {
  uint64_t bytes_done = 0;    // payload bytes confirmed by the server (or written locally)
  uint64_t bytes_total = 0;   // known so far; grows while a directory is still being walked
  uint64_t objects_done = 0;  // succeeded
  uint64_t objects_failed = 0;
  uint64_t objects_total = 0;  // known so far
  bool totals_final = false;   // the walk or listing has finished: totals will not grow
  uint64_t retries = 0;
  std::chrono::duration<double> elapsed{0};
  uint64_t objects_archived = 0;    // downloads skipped: archived and not restored
  uint64_t objects_unreadable = 0;  // local entries skipped with a warning (see ObjectReport)
};

// What became of one object.
struct ObjectReport {
  std::string local_path;  // "-" for stdin/stdout
  std::string bucket;
  std::string key;
  uint64_t bytes = 0;
  std::optional<Error> error;  // set when this object failed
  std::string etag;
  std::string checksum_algorithm;  // upload: what S3 verified; download: what was checked
  std::string checksum_value;      // base64; for multipart uploads the FULL_OBJECT value
  bool checksum_verified = false;  // download: the whole object matched its stored checksum
  int parts = 0;                   // 0 for a single-request upload or download
  // Parts an earlier, interrupted run had already sent (upload), or ranges a paused download
  // had already written, taken up from its temporary file (download).
  int parts_resumed = 0;
  // The object's size in S3. `bytes` counts the file's own bytes, so for an object stored
  // compressed (--compress, or a download decompressed) the two differ.
  uint64_t stored_bytes = 0;
  // Download: skipped, not failed: the object is archived (GLACIER, DEEP_ARCHIVE) and not
  // restored, so S3 refused to read it (`error` holds its InvalidObjectState); the object's
  // storage class when the listing or HeadObject named it.
  bool archived = false;
  std::string storage_class;
  // Upload: skipped with a warning, not failed: the local entry cannot be read as a file (a
  // dangling symlink, a file or directory without permission, a FIFO, socket or device);
  // `error` says why. aws-cli skips such entries the same way.
  bool unreadable = false;
  // Reported by a dry run (TransferOptions::dryrun): would be copied; nothing was sent.
  bool dryrun = false;
  // Upload with TransferOptions::remove_uploaded_files: why the file stayed although its
  // object was stored (it changed after it was listed, or removing it failed). Unset when it
  // was removed, or when the object failed (then the file always stays).
  std::optional<Error> removal_error;
};

// How one transfer ended. A transfer "fails" per object: see `failures`; Client::upload and
// download return an error only when nothing could start (bad options, a listing that failed).
struct TransferSummary {
  uint64_t bytes = 0;  // payload bytes of the objects that succeeded
  // Payload S3 confirmed (or written locally), parts of objects that did not finish included:
  // what an interrupted transfer got done.
  uint64_t bytes_confirmed = 0;
  uint64_t objects = 0;
  uint64_t failures = 0;
  uint64_t skipped = 0;        // entries not transferred by choice (e.g. directory markers)
  uint64_t retries = 0;        // requests sent again after a retryable failure
  uint64_t bytes_sent = 0;     // request body bytes put on the wire, retries included
  // Bytes an interrupted earlier run had already uploaded, or a paused download had written.
  uint64_t bytes_resumed = 0;
  uint64_t uploads_kept = 0;   // multipart uploads left open for a later resume
  bool interrupted = false;    // stopped by `cancel` before everything was done
  double seconds = 0;
  double request_p50_ms = 0;  // latency of data requests (parts, PUTs, ranged GETs)
  double request_p99_ms = 0;
  uint64_t peak_buffer_bytes = 0;  // most pooled part memory in use at once
  uint64_t max_memory = 0;         // the cap that applied
  int concurrency = 0;             // the request concurrency that applied
  uint64_t part_size = 0;          // the default part size that applied
  uint64_t stored_bytes = 0;       // object sizes in S3 of the objects that succeeded
  // Downloads skipped because the object is archived and not restored (see
  // ObjectReport::archived); not counted in `failures`.
  uint64_t archived_skipped = 0;
  // Local entries skipped with a warning (see ObjectReport::unreadable); not in `failures`.
  uint64_t unreadable_skipped = 0;
};

struct TransferOptions {
  // Bytes per part; 0 means kDefaultPartSize. Raised per object when it would need more than
  // 10,000 parts; an explicit value below 5 MiB or above 5 GiB is refused.
  uint64_t part_size = 0;
  // Files at least this large go as multipart uploads; smaller ones as a single PutObject.
  uint64_t multipart_threshold = kDefaultMultipartThreshold;
  // Requests in flight across all engine threads; 0: sized from the cores.
  int concurrency = 0;
  // Cap on part buffers; 0: sized from the concurrency and the part size, at most a quarter
  // of physical memory.
  uint64_t max_memory = 0;

  // CRC32, CRC32C, CRC64NVME, SHA1, SHA256 or "none". CRC algorithms give multipart objects a
  // FULL_OBJECT checksum; SHA ones a COMPOSITE (per-part) one.
  std::string checksum_algorithm = "CRC32C";
  std::string content_type;  // empty: application/octet-stream

  bool follow_symlinks = true;  // directory walks; false skips symlinks (--no-follow-symlinks)
  // Recursive copies: which files below the directory (or objects below the prefix) to copy.
  // (Sync takes its own, SyncOptions::filters.)
  std::vector<SyncFilter> filters;
  // Decide what would be copied and report each object through on_object (with
  // ObjectReport::dryrun), sending and writing nothing.
  bool dryrun = false;
  // Keep a journal of multipart uploads so that the same command, run again after a crash or
  // Ctrl-C, resumes them. False: interrupted uploads are aborted.
  bool resume = true;
  std::string state_dir;  // the journal's directory; empty: $XDG_CACHE_HOME/hoist or ~/.cache/hoist

  // Uploads of files (hoist mv): remove each file once S3 stored its object, unless it
  // changed after it was listed (its size, modification time or inode differ); a file that
  // stays says why in ObjectReport::removal_error. Not for a Source, a sync or a download
  // (refused as InvalidArgument).
  bool remove_uploaded_files = false;

  // Downloads: flush each file to disk (fsync) before renaming it into place, so it survives
  // a power cut. Without it a file still appears only once complete and verified, as fast
  // as the page cache takes it.
  bool fsync = false;

  // Stdin uploads of unknown size: the expected size, used only to choose the part size.
  uint64_t expected_size = 0;

  // Set (for instance from a SIGINT handler) to stop: nothing new starts, requests in flight
  // are dropped, uploads are kept for resume (or aborted when resume is false).
  const std::atomic<bool>* cancel = nullptr;

  // Called about every progress_interval (never more often; 100 ms by default), and once
  // more at the end.
  std::function<void(const TransferProgress&)> on_progress;
  std::chrono::milliseconds progress_interval{100};
  std::function<void(const ObjectReport&)> on_object;  // each object, when it is done or failed
  // Something the caller should know that fails no object, as one line: the resume journal
  // was found damaged and set aside (its uploads cannot be resumed). Without it, not reported.
  std::function<void(const std::string&)> on_warning;

  // Cap on body bytes per second, uploads and downloads, shared by every connection of every
  // engine thread (retries and the small XML of control calls count too); 0: no cap.
  uint64_t bandwidth_limit = 0;

  // Uploads: "gzip[:level]" or "zstd[:level]" stores objects compressed, with Content-Encoding
  // and x-amz-meta-hoist-uncompressed-size; files that do not compress are stored as they are.
  // Empty: no compression.
  std::string compress;
  // Downloads: write objects with Content-Encoding gzip or zstd as stored, instead of
  // decompressing them.
  bool raw = false;
  // Object options: what uploads set on every object they create (PutObject and
  // CreateMultipartUpload alike), spelled as aws-cli takes them. Client::upload and download
  // check them all before the first request and fail naming the option. Downloads use only
  // the SSE-C pair, to read objects stored with a customer key.

  // Server-side encryption: "" (the bucket's default), "AES256", "aws:kms" or "aws:kms:dsse".
  std::string sse;
  // The KMS key for sse "aws:kms"/"aws:kms:dsse" (empty: the account's AWS managed key);
  // refused with any other sse.
  std::string sse_kms_key_id;
  // SSE-C: "" or "AES256", with sse_customer_key, the key's 32 raw bytes. The key is sent
  // (base64, with its MD5) on every request that writes or reads object bytes and never
  // appears in --debug output or errors. Both or neither; not with `sse`.
  std::string sse_customer_algorithm;
  std::string sse_customer_key;
  // Tags, URL-encoded query form: "k1=v1&k2=v2" (at most 10; keys 128, values 256 characters).
  std::string tagging;
  // User metadata (x-amz-meta-*): aws-cli shorthand "k1=v1,k2=v2" or JSON {"k1":"v1"}. Names
  // hoist keeps itself (mtime, mode, hoist-*) are refused.
  std::string metadata;
  // Without content_type, guess it from the file's extension (else application/octet-stream).
  bool guess_content_type = true;
  // Standard headers S3 stores with the object and returns on GET and HEAD: Cache-Control,
  // Content-Disposition, Content-Encoding (not with `compress`, which sets it),
  // Content-Language, Expires (an ISO 8601 time, sent as an HTTP date) and the website
  // redirect (x-amz-website-redirect-location: "/path" or an http(s) URL).
  std::string cache_control;
  std::string content_disposition;
  std::string content_encoding;
  std::string content_language;
  std::string expires;
  std::string website_redirect;
  // Canned ACL: private, public-read, public-read-write, authenticated-read, aws-exec-read,
  // bucket-owner-read or bucket-owner-full-control.
  std::string acl;
  // Object lock: mode GOVERNANCE or COMPLIANCE together with a retain-until date (ISO 8601,
  // "2030-01-01T00:00:00Z" or "2030-01-01", in the future); legal hold ON or OFF. S3 wants
  // lock requests checksummed, so they are refused with checksum_algorithm "none".
  std::string object_lock_mode;
  std::string object_lock_retain_until_date;
  std::string object_lock_legal_hold_status;

  // Uploads: the storage class of new objects (one of kStorageClasses in
  // hoist/storage_class.h; anything else is refused before a byte is sent). Empty: none is
  // sent and S3 stores STANDARD.
  std::string storage_class;
};

}  // namespace hoist

// Client: the public face of hoist's S3 engine. Built from a Config; its calls return Result
// values instead of throwing. The calls are synchronous, except start_* which run a transfer
// in the background behind a TransferHandle. A Client may be used from several threads at
// once: each call borrows connections of its own, and all its transfers share one memory cap
// (Config::max_memory).
//
// Typical use:
//   auto client = hoist::Client::create(config);
//   if (!client) { report(client.error()); return; }
//   auto put = (*client)->upload_file("/data/a.bin", "my-bucket", "backups/a.bin", {});
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hoist/config.h"
#include "hoist/object_info.h"
#include "hoist/result.h"
#include "hoist/s3_uri.h"
#include "hoist/sink.h"
#include "hoist/source.h"
#include "hoist/sync.h"
#include "hoist/transfer.h"
#include "hoist/transfer_handle.h"
#include "hoist/verify.h"

namespace hoist {

namespace api {
struct ClientFactory;
}  // namespace api
namespace transfer {
class PartialDownloads;
}  // namespace transfer

struct UploadOptions {
  std::string content_type;  // empty: application/octet-stream
  // CRC32, CRC32C, CRC64NVME, SHA1, SHA256 or "none". S3 verifies it on arrival.
  std::string checksum_algorithm = "CRC32C";
};

struct UploadResult {
  uint64_t bytes = 0;
  std::string etag;
  std::string checksum_algorithm;
  std::string checksum_value;  // base64, as S3 stores it
};

struct DownloadResult {
  uint64_t bytes = 0;
  std::string etag;
  bool checksum_verified = false;  // the object had a full-object checksum and it matched
};

struct KeyError {
  std::string key;
  Error error;
};

// What the client resolved from Config, environment and profile, for --debug and tests.
// A transfer default from the profile's s3 sub-section (aws-cli's max_concurrent_requests,
// multipart_chunksize, multipart_threshold, max_bandwidth): its text as written, and where.
struct ProfileTransferSetting {
  std::string name;
  std::string value;
  std::string source;
};

struct ResolvedSettings {
  std::string region;
  std::string region_source;
  std::string endpoint;  // scheme://host[:port][/path]
  std::string addressing_style;
  std::string credentials_source;
  std::string access_key_id;  // not secret; helps tell which key was used
  // Defaults for flags the caller did not give (the CLI applies them; embedders may).
  std::vector<ProfileTransferSetting> s3_transfer_defaults;
};

// The part-buffer memory of all a Client's transfers together (Client::buffer_memory).
struct BufferMemory {
  uint64_t cap = 0;     // Config::max_memory; 0: none beyond each transfer's own
  uint64_t in_use = 0;  // now
  uint64_t peak = 0;    // the most ever in use at once, since the Client was made
};

// What a RestoreObject request found (Client::restore_object).
enum class RestoreStatus {
  kRequested,        // a restore was started (S3 answered 202)
  kInProgress,       // one was already running (409 RestoreAlreadyInProgress)
  kAlreadyRestored,  // a restored copy exists; its expiry was moved to `days` from now (200)
};

class Client {
 public:
  static Result<std::unique_ptr<Client>> create(const Config& config);
  // Cancels the transfers started with start_* that are still running, and waits for them.
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  const ResolvedSettings& settings() const;
  BufferMemory buffer_memory() const;

  Result<std::vector<BucketInfo>> list_buckets();
  Status create_bucket(const std::string& bucket);
  Status delete_bucket(const std::string& bucket);
  Status head_bucket(const std::string& bucket);

  // One page of a listing; pass next_continuation_token back for the next one.
  Result<ListPage> list_objects(const ListRequest& request);

  Result<ObjectInfo> head_object(const std::string& bucket, const std::string& key);

  // Uploads one local file as one object (multipart from options' threshold on), with a
  // checksum S3 verifies. Fails without touching the bucket when the file cannot be read, and
  // fails the object if the file changes while it is read.
  Result<UploadResult> upload_file(const std::string& path, const std::string& bucket,
                                   const std::string& key, const UploadOptions& options);

  // Downloads an object to `path`, through a temporary file renamed into place only when all
  // bytes arrived (and matched the object's checksum when it has one). "-" writes to stdout.
  Result<DownloadResult> download_file(const std::string& bucket, const std::string& key,
                                       const std::string& path);

  // Copies with the parallel engine (see hoist/transfer.h). `source` is a file, a directory
  // when `recursive` (keys are the paths below it, after destination.key), or "-" for stdin.
  // A destination key that is empty or ends in '/' gets the file's name appended, as aws-cli.
  Result<TransferSummary> upload(const std::string& source, const S3Uri& destination,
                                 bool recursive, const TransferOptions& options);
  // Copies an object (or, when `recursive`, every object under the prefix) to `destination`:
  // a file, a directory, or "-" for stdout. Files appear only once complete and verified.
  Result<TransferSummary> download(const S3Uri& source, const std::string& destination,
                                   bool recursive, const TransferOptions& options);

  // Makes the objects under `destination` (a prefix: "p" and "p/" both mean the keys below
  // "p/") hold what the files below `directory` hold, uploading only what is new or changed
  // (see hoist/sync.h) and, with options.delete_extra, deleting objects the directory lacks.
  // Per-object failures are in the summary; an error means the sync could not run (or, for a
  // listing that failed midway, stopped before deleting anything).
  Result<SyncSummary> sync_upload(const std::string& directory, const S3Uri& destination,
                                  const SyncOptions& options);
  // The reverse: makes the files below `directory` (created when missing) match the objects
  // under `source`.
  Result<SyncSummary> sync_download(const S3Uri& source, const std::string& directory,
                                    const SyncOptions& options);

  // Uploads what `source` yields (see hoist/source.h) as the object `destination` names (a
  // whole key, not a prefix): a stream of the embedder's own, of any length.
  Result<TransferSummary> upload_from(std::shared_ptr<Source> source, const S3Uri& destination,
                                      const TransferOptions& options);
  // Downloads one object into `sink` (see hoist/sink.h), the embedder's own consumer.
  Result<TransferSummary> download_to(const S3Uri& source, std::shared_ptr<Sink> sink,
                                      const TransferOptions& options);

  // The transfers above, started in the background: each returns at once, with a handle
  // that follows (progress), stops (cancel) and waits for the transfer (see
  // hoist/transfer_handle.h). Many may run at once, started from any threads; their part
  // buffers stay within Config::max_memory together. An error that keeps a transfer from
  // starting (a bad option) is what wait() returns.
  TransferHandle start_upload(const std::string& source, const S3Uri& destination, bool recursive,
                              const TransferOptions& options);
  TransferHandle start_download(const S3Uri& source, const std::string& destination, bool recursive,
                                const TransferOptions& options);
  SyncHandle start_sync_upload(const std::string& directory, const S3Uri& destination,
                               const SyncOptions& options);
  SyncHandle start_sync_download(const S3Uri& source, const std::string& directory,
                                 const SyncOptions& options);
  // Starts again an upload or download paused with TransferHandle::pause(), from its token;
  // `options` as for the first run (the same part size and checksum, or its multipart
  // uploads and kept ranges start over). An invalid token is the error wait() returns.
  TransferHandle resume(const std::string& token, const TransferOptions& options);
  TransferHandle start_upload_from(std::shared_ptr<Source> source, const S3Uri& destination,
                                   const TransferOptions& options);
  TransferHandle start_download_to(const S3Uri& source, std::shared_ptr<Sink> sink,
                                   const TransferOptions& options);

  // Compares the files below `directory` with the objects under `prefix` (see hoist/verify.h).
  // Per-entry results go to options.on_entry and are counted in the summary; an error means
  // the comparison could not run (no such directory, a listing that failed).
  Result<VerifySummary> verify(const std::string& directory, const S3Uri& prefix,
                               const VerifyOptions& options);

  // Every multipart upload in progress in `bucket` whose key starts with `prefix` (all pages).
  Result<std::vector<MultipartUploadInfo>> list_multipart_uploads(const std::string& bucket,
                                                                  const std::string& prefix);
  Status abort_multipart_upload(const std::string& bucket, const std::string& key,
                                const std::string& upload_id);

  Status delete_object(const std::string& bucket, const std::string& key);

  // Deletes `keys` with DeleteObjects, 1,000 per request. Returns the keys S3 refused to
  // delete, each with its error; an empty list means every key is gone.
  Result<std::vector<KeyError>> delete_objects(const std::string& bucket,
                                               const std::vector<std::string>& keys);

  // A URL that allows `method` (GET by default) on the object without credentials until it
  // expires. REQUIRES: 1 <= expires_in <= 7 days.
  Result<std::string> presign(const std::string& bucket, const std::string& key,
                              std::chrono::seconds expires_in, const std::string& method = "GET");

  // Asks S3 to make a copy of an archived object (GLACIER, DEEP_ARCHIVE) readable for `days`
  // days, retrieved at `tier` (Standard, Bulk or Expedited; see hoist/storage_class.h). Bad
  // days or tier are refused before anything is sent; an object that is not archived gets
  // S3's InvalidObjectState error.
  Result<RestoreStatus> restore_object(const std::string& bucket, const std::string& key, int days,
                                       const std::string& tier);

 private:
  friend struct api::ClientFactory;  // builds a Client on an internal context (tests' Env)
  friend class ObjectListing;        // lists with its caller's stop check
  struct Impl;
  explicit Client(std::unique_ptr<Impl> impl);
  // list_objects, whose wait before a retry ends once `stopped` says true.
  Result<ListPage> list_objects(const ListRequest& request, const std::function<bool()>& stopped);
  // A handle to a transfer that could not start: its wait() returns `error`.
  TransferHandle failed_handle(Error error);
  // start_download, with `partials` the temporary files a paused download kept (resume).
  TransferHandle start_download(const S3Uri& source, const std::string& destination, bool recursive,
                                const TransferOptions& options,
                                std::shared_ptr<transfer::PartialDownloads> partials);
  // The bodies of the transfer calls, which start_* run on a thread of their own; `stop` is
  // that TransferHandle's cancel flag (null: none). With `from`, upload reads it instead of
  // stdin ("-"); with `into`, download writes the one object to it instead of `destination`;
  // with `partials`, download keeps what a pause stops and takes up what a pause kept.
  Result<TransferSummary> upload(const std::string& source, const S3Uri& destination,
                                 bool recursive, const TransferOptions& options,
                                 const std::atomic<bool>* stop,
                                 std::shared_ptr<Source> from = nullptr);
  Result<TransferSummary> download(const S3Uri& source, const std::string& destination,
                                   bool recursive, const TransferOptions& options,
                                   const std::atomic<bool>* stop,
                                   std::shared_ptr<Sink> into = nullptr,
                                   std::shared_ptr<transfer::PartialDownloads> partials = nullptr);
  Result<SyncSummary> sync_upload(const std::string& directory, const S3Uri& destination,
                                  const SyncOptions& options, const std::atomic<bool>* stop);
  Result<SyncSummary> sync_download(const S3Uri& source, const std::string& directory,
                                    const SyncOptions& options, const std::atomic<bool>* stop);
  std::unique_ptr<Impl> impl_;
};

}  // namespace hoist

// ScriptedS3: a small in-memory S3 (one bucket, path-style requests) over LocalHttpResponder,
// honest by default, for tests of how hoist copes with servers that answer strangely. A test
// installs a hook that sees every request first and may answer it itself (a truncated body, a
// repeated continuation token, a 200 with an <Error> body...), leaving the rest to the honest
// store, which keeps the objects, multipart uploads and their parts so the test can check
// what a run left behind.
//
// What it serves: ListObjectsV2 (prefix, delimiter, max-keys, continuation-token; keys
// URL-encoded, so any bytes travel), HeadObject and GetObject (Range, CRC64NVME checksum
// headers with x-amz-checksum-mode), PutObject, CreateMultipartUpload, UploadPart,
// CompleteMultipartUpload, AbortMultipartUpload and DeleteObjects. Signatures are not checked.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/mutex.h"
#include "tests/integration/hoist_cli.h"
#include "tests/support/local_http_responder.h"

namespace hoist::test {

class ScriptedS3 {
 public:
  static constexpr const char* kBucket = "bkt";
  static constexpr const char* kAccessKey = "AKIDSCRIPTED";
  static constexpr const char* kSecretKey = "scripted-secret";

  // Sees each request before the honest store; `nth` counts the requests with the same
  // method and path so far, this one included (1 for the first). nullopt: answer honestly.
  using Hook = std::function<std::optional<CannedResponse>(const RecordedRequest&, int nth)>;

  ScriptedS3();

  void intercept(Hook hook);

  // Stores an object as PutObject would.
  void put(const std::string& key, std::string data);
  std::optional<std::string> object(const std::string& key) const;
  std::vector<std::string> keys() const;
  size_t open_uploads() const;

  // The honest answer to `request` (what a hook can fall back on, or alter).
  CannedResponse honest(const RecordedRequest& request);

  // Runs `hoist --endpoint-url <this server> args...` with test credentials and no profile.
  CliResult hoist(std::vector<std::string> args,
                  const std::map<std::string, std::string>& extra_env = {});
  std::map<std::string, std::string> environment() const;

  LocalHttpResponder& server() { return server_; }
  std::string url() const { return server_.url(); }

  // The CRC64NVME (base64) S3 would store for `data`.
  static std::string crc64nvme(const std::string& data);
  // One <Contents> entry of a listing page.
  struct Listed {
    std::string key;
    uint64_t size = 1;
    std::string etag = "\"e\"";
  };
  // A ListBucketResult page as S3 sends it, keys URL-encoded.
  static std::string list_page(const std::vector<Listed>& objects, bool truncated,
                               const std::string& next_token,
                               const std::vector<std::string>& common_prefixes = {});

 private:
  struct Upload {
    std::string key;
    std::map<int, std::string> parts;
  };

  CannedResponse list_objects(const std::map<std::string, std::string>& query);
  CannedResponse get_or_head(const RecordedRequest& request, const std::string& key)
      REQUIRES(mutex_);
  CannedResponse complete(const RecordedRequest& request, const std::string& key,
                          const std::string& upload_id) REQUIRES(mutex_);
  CannedResponse delete_objects(const RecordedRequest& request);

  mutable base::Mutex mutex_;
  Hook hook_ GUARDED_BY(mutex_);
  // "METHOD path" -> requests so far
  std::map<std::string, int> request_counts_ GUARDED_BY(mutex_);
  std::map<std::string, std::string> objects_ GUARDED_BY(mutex_);
  std::map<std::string, Upload> uploads_ GUARDED_BY(mutex_);  // by upload id
  int next_upload_ GUARDED_BY(mutex_) = 1;
  LocalHttpResponder server_;  // last: stops serving before the state above goes away
};

}  // namespace hoist::test

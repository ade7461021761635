// Verify: the restore test. Checks that the objects under a prefix hold exactly the files
// below a directory: every file's checksum against its object's, and what exists on one side
// only. Without downloading, the file's CRC is compared with the full-object checksum S3
// stored for the object (or, for a plain single-part object without one, the MD5 its ETag
// is); with `download`, each object is read back (several at once, through the same
// integrity-checked download as Client::download) and hashed as it arrives, nothing written
// to disk.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "hoist/error.h"
#include "hoist/sync.h"

namespace hoist {

struct VerifyEntry {
  enum class Status {
    kMatch,
    kDiffers,       // sizes or checksums differ
    kMissing,       // a local file with no object
    kExtra,         // an object with no local file
    kUnverifiable,  // the object has no checksum a file's can be compared with (use download)
    kError,         // the file could not be read or the object fetched
  };
  Status status = Status::kMatch;
  std::string local_path;
  std::string bucket;
  std::string key;
  uint64_t size = 0;
  std::string algorithm;        // what was compared: "CRC64NVME", "MD5", ...
  std::string local_checksum;   // base64 (hex for MD5)
  std::string object_checksum;  // stored, or of the downloaded bytes
  std::string detail;           // why it differs, or the error
  std::optional<Error> error;
};

struct VerifyOptions {
  bool download = false;
  std::vector<SyncFilter> filters;  // as for sync
  bool follow_symlinks = true;
  // SSE-C: "AES256" and the key's 32 raw bytes, to read objects stored with a customer key
  // (as TransferOptions' pair; sent with every request, never shown).
  std::string sse_customer_algorithm;
  std::string sse_customer_key;
  std::function<void(const VerifyEntry&)> on_entry;  // each entry, on the calling thread
};

struct VerifySummary {
  uint64_t matched = 0;
  uint64_t differing = 0;
  uint64_t missing = 0;
  uint64_t extra = 0;
  uint64_t unverifiable = 0;
  uint64_t errors = 0;
  uint64_t bytes_hashed = 0;      // local bytes read
  uint64_t bytes_downloaded = 0;  // object bytes streamed back (download)
  double seconds = 0;

  bool all_match() const { return differing + missing + extra + unverifiable + errors == 0; }
};

}  // namespace hoist

// The checksums S3 would report for a local file once uploaded, computed without uploading
// it: to check a local file against an object without downloading the object.
#pragma once

#include <cstdint>
#include <string>

#include "hoist/result.h"

namespace hoist {

struct FileChecksumRequest {
  std::string path;
  std::string algorithm = "CRC64NVME";  // CRC32, CRC32C, CRC64NVME, SHA1, SHA256 or MD5
  // 0: the file uploaded whole in one request. Otherwise the part size of a multipart upload
  // (REQUIRES: 5 MiB..5 GiB, and at most 10,000 parts for the file).
  uint64_t part_size = 0;
};

struct FileChecksums {
  std::string algorithm;  // S3's spelling
  uint64_t size = 0;
  uint64_t parts = 0;  // 0 for a single-request upload

  // The value of x-amz-checksum-<alg> for the whole object: the plain digest for a single
  // request; for a multipart upload the FULL_OBJECT value (CRCs only, else empty).
  std::string full_object;
  // Multipart only: S3's COMPOSITE value "<base64>-<parts>" (empty where S3 has none, as for
  // CRC64NVME).
  std::string composite;
  // The ETag S3 would report: hex MD5, or "<hex>-<parts>" for a multipart upload. Computed
  // for multipart uploads and for MD5; else empty (MD5 costs more than the CRC itself).
  std::string etag;
};

Result<FileChecksums> checksum_file(const FileChecksumRequest& request);

}  // namespace hoist

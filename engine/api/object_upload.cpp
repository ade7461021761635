#include "engine/api/object_upload.h"

#include <memory>
#include <vector>

#include "engine/api/file_hashing.h"
#include "engine/checksum/algorithm.h"
#include "engine/checksum/hasher.h"
#include "engine/s3/put_object.h"
#include "engine/transfer/local_error.h"
#include "io/readable_file.h"

namespace hoist::api {
namespace {

constexpr uint64_t kMaxSingleRequestObject = 5ull << 30;  // S3's PutObject limit: 5 GiB
constexpr size_t kReadChunk = 1 << 20;

// The checksum of the file's `size` bytes, read once before they are sent.
Result<checksum::Digest> checksum_file(const io::ReadableFile& file, uint64_t size,
                                       checksum::Algorithm algorithm) {
  auto hasher = checksum::make_hasher(algorithm);
  std::vector<char> buffer(kReadChunk);
  checksum::Hasher* hashers[] = {hasher.get()};
  Status hashed = hash_file_range(file, 0, size, hashers, buffer);
  if (!hashed.ok()) return hashed.error();
  return hasher->finish();
}

bool same_file_state(const io::FileStat& a, const io::FileStat& b) {
  return a.size == b.size && a.mtime_ns == b.mtime_ns;
}

}  // namespace

Result<UploadResult> upload_file(s3::Service& service, const std::string& path,
                                 const std::string& bucket, const std::string& key,
                                 const UploadOptions& options) {
  std::string algorithm_error;
  auto algorithm = checksum::parse_algorithm(options.checksum_algorithm, &algorithm_error);
  if (!algorithm || *algorithm == checksum::Algorithm::md5) {
    return transfer::invalid_input(
        "InvalidChecksumAlgorithm",
        algorithm ? "MD5 is not an S3 checksum algorithm" : algorithm_error);
  }
  std::unique_ptr<io::ReadableFile> file;
  io::Status opened = io::ReadableFile::open(path, &file);
  if (!opened.ok()) return transfer::local_error(opened, path);
  const io::FileStat before = file->stat_at_open();
  if (!before.is_regular)
    return transfer::local_error("NotRegularFile", "not a regular file", path);
  if (before.size > kMaxSingleRequestObject) {
    return transfer::local_error("EntityTooLarge",
                                 "larger than 5 GiB, the limit of a single-request upload", path);
  }

  s3::PutObjectInput input;
  input.bucket = bucket;
  input.key = key;
  input.headers.emplace_back("Content-Type", options.content_type.empty()
                                                 ? "application/octet-stream"
                                                 : options.content_type);
  UploadResult result;
  if (*algorithm != checksum::Algorithm::none) {
    auto digest = checksum_file(*file, before.size, *algorithm);
    if (!digest.ok()) return digest.error();
    result.checksum_algorithm = std::string(checksum::algorithm_name(*algorithm));
    result.checksum_value = digest->to_base64();
    input.headers.emplace_back(std::string(checksum::header_name(*algorithm)),
                               result.checksum_value);
  }

  uint64_t offset = 0;
  io::Status read_status;
  input.body.size = before.size;
  input.body.source = [&](char* dst, size_t capacity) -> std::optional<size_t> {
    size_t got = 0;
    read_status =
        file->read_at(offset, std::min<uint64_t>(capacity, before.size - offset), dst, &got);
    if (!read_status.ok()) return std::nullopt;
    offset += got;
    return got;
  };

  s3::Operation op = s3::put_object(input);
  auto response = service.execute(std::move(op));
  if (!read_status.ok()) return transfer::local_error(read_status, path);
  if (!response.ok()) return response.error();

  // The bytes are stored; still, a file that changed meanwhile may be torn: say so.
  io::FileStat after;
  io::Status stat_status = file->current_stat(&after);
  if (!stat_status.ok()) return transfer::local_error(stat_status, path);
  if (!same_file_state(before, after) || offset != before.size) {
    return transfer::local_error("FileChanged", "file changed while it was being uploaded", path);
  }
  s3::PutObjectOutput out = s3::parse_put_object(*response);
  result.bytes = before.size;
  result.etag = out.etag;
  return result;
}

}  // namespace hoist::api

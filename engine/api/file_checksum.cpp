#include "hoist/file_checksum.h"

#include <memory>
#include <vector>

#include "engine/api/file_hashing.h"
#include "engine/checksum/algorithm.h"
#include "engine/checksum/hasher.h"
#include "engine/checksum/object_checksum.h"
#include "engine/transfer/local_error.h"
#include "hoist/transfer.h"
#include "io/readable_file.h"

namespace hoist {
namespace {

constexpr uint64_t kMaxParts = 10000;
constexpr size_t kReadSize = 8 << 20;  // large sequential reads keep the kernel, not I/O, busy

}  // namespace

Result<FileChecksums> checksum_file(const FileChecksumRequest& request) {
  return api::checksum_file(io::default_env(), request);
}

Result<FileChecksums> api::checksum_file(io::Env* env, const FileChecksumRequest& request) {
  std::string algorithm_error;
  auto algorithm = checksum::parse_algorithm(request.algorithm, &algorithm_error);
  if (!algorithm || *algorithm == checksum::Algorithm::none) {
    return transfer::invalid_input("InvalidChecksumAlgorithm",
                                   algorithm ? "an algorithm is required" : algorithm_error);
  }
  const bool multipart = request.part_size != 0;
  if (multipart && (request.part_size < kMinPartSize || request.part_size > kMaxPartSize)) {
    return transfer::invalid_input("InvalidPartSize", "part size must be between 5 MiB and 5 GiB");
  }

  std::unique_ptr<io::ReadableFile> file;
  io::Status opened = io::ReadableFile::open(env, request.path, &file);
  if (!opened.ok()) return transfer::local_error(opened, request.path);
  const uint64_t size = file->stat_at_open().size;
  const uint64_t part_size = multipart ? request.part_size : size;
  const uint64_t parts = multipart ? std::max<uint64_t>(1, (size + part_size - 1) / part_size) : 1;
  if (parts > kMaxParts) {
    return transfer::invalid_input("TooManyParts", "the file would need " + std::to_string(parts) +
                                                       " parts of that size; S3 allows 10,000");
  }
  const bool want_md5 = multipart || *algorithm == checksum::Algorithm::md5;

  std::vector<checksum::PartDigest> digests;
  std::vector<checksum::Digest> md5s;
  std::vector<char> buffer(kReadSize);
  uint64_t offset = 0;
  // One hasher of each kind serves every part: finish() also resets it for the next.
  auto value = checksum::make_hasher(*algorithm);
  auto md5 = want_md5 ? checksum::make_hasher(checksum::Algorithm::md5) : nullptr;
  std::vector<checksum::Hasher*> hashers = {value.get()};
  if (md5) hashers.push_back(md5.get());
  for (uint64_t part = 0; part < parts; ++part) {
    const uint64_t length = std::min(size - offset, part_size);
    Status hashed = api::hash_file_range(*file, offset, length, hashers, buffer);
    if (!hashed.ok()) return hashed.error();
    offset += length;
    digests.push_back({value->finish(), length});
    if (md5) md5s.push_back(md5->finish());
  }
  io::FileStat after;
  io::Status stat_status = file->current_stat(&after);
  if (!stat_status.ok()) return transfer::local_error(stat_status, request.path);
  if (after.size != size || after.mtime_ns != file->stat_at_open().mtime_ns) {
    return transfer::local_error("FileChanged", "file changed while it was read", request.path);
  }

  FileChecksums out;
  out.algorithm = std::string(checksum::algorithm_name(*algorithm));
  out.size = size;
  const auto kind =
      multipart ? checksum::UploadKind::multipart : checksum::UploadKind::single_request;
  if (!multipart) {
    out.full_object = digests.front().digest.to_base64();
  } else {
    out.parts = parts;
    if (auto full = checksum::full_object_checksum(*algorithm, digests))
      out.full_object = full->to_base64();
    std::vector<checksum::Digest> values;
    for (const auto& d : digests) values.push_back(d.digest);
    if (auto composite = checksum::composite_checksum(*algorithm, values, kind))
      out.composite = *composite;
  }
  if (want_md5) {
    if (auto etag = checksum::object_etag(md5s, kind)) out.etag = *etag;
  }
  return out;
}

}  // namespace hoist

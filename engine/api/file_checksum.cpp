#include "hoist/file_checksum.h"

#include <memory>
#include <vector>

#include "engine/api/local_error.h"
#include "engine/checksum/algorithm.h"
#include "engine/checksum/hasher.h"
#include "engine/checksum/object_checksum.h"
#include "io/readable_file.h"

namespace hoist {
namespace {

constexpr uint64_t kMinPartSize = 5ull << 20;
constexpr uint64_t kMaxPartSize = 5ull << 30;
constexpr uint64_t kMaxParts = 10000;
constexpr size_t kReadSize = 8 << 20;  // large sequential reads keep the kernel, not I/O, busy

// Digests of one part (or of the whole file): the chosen algorithm, and MD5 for the ETag.
struct PartHashers {
  std::unique_ptr<checksum::Hasher> value;
  std::unique_ptr<checksum::Hasher> md5;
};

}  // namespace

Result<FileChecksums> checksum_file(const FileChecksumRequest& request) {
  std::string algorithm_error;
  auto algorithm = checksum::parse_algorithm(request.algorithm, &algorithm_error);
  if (!algorithm || *algorithm == checksum::Algorithm::none) {
    return api::invalid_input("InvalidChecksumAlgorithm",
                              algorithm ? "an algorithm is required" : algorithm_error);
  }
  const bool multipart = request.part_size != 0;
  if (multipart && (request.part_size < kMinPartSize || request.part_size > kMaxPartSize)) {
    return api::invalid_input("InvalidPartSize", "part size must be between 5 MiB and 5 GiB");
  }

  std::unique_ptr<io::ReadableFile> file;
  io::Status opened = io::ReadableFile::open(request.path, &file);
  if (!opened.ok()) return api::local_error(opened, request.path);
  const uint64_t size = file->stat_at_open().size;
  const uint64_t part_size = multipart ? request.part_size : size;
  const uint64_t parts = multipart ? std::max<uint64_t>(1, (size + part_size - 1) / part_size) : 1;
  if (parts > kMaxParts) {
    return api::invalid_input("TooManyParts", "the file would need " + std::to_string(parts) +
                                                  " parts of that size; S3 allows 10,000");
  }
  const bool want_md5 = multipart || *algorithm == checksum::Algorithm::md5;

  std::vector<checksum::PartDigest> digests;
  std::vector<checksum::Digest> md5s;
  std::vector<char> buffer(kReadSize);
  uint64_t offset = 0;
  for (uint64_t part = 0; part < parts; ++part) {
    PartHashers h{checksum::make_hasher(*algorithm),
                  want_md5 ? checksum::make_hasher(checksum::Algorithm::md5) : nullptr};
    const uint64_t part_end = std::min(size, offset + part_size);
    const uint64_t part_start = offset;
    while (offset < part_end) {
      size_t got = 0;
      size_t want = static_cast<size_t>(std::min<uint64_t>(buffer.size(), part_end - offset));
      io::Status status = file->read_at(offset, want, buffer.data(), &got);
      if (!status.ok()) return api::local_error(status, request.path);
      if (got == 0)
        return api::local_error("FileChanged", "file shrank while it was read", request.path);
      std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(buffer.data()), got);
      h.value->update(bytes);
      if (h.md5) h.md5->update(bytes);
      offset += got;
    }
    digests.push_back({h.value->finish(), part_end - part_start});
    if (h.md5) md5s.push_back(h.md5->finish());
  }
  io::FileStat after;
  io::Status stat_status = file->current_stat(&after);
  if (!stat_status.ok()) return api::local_error(stat_status, request.path);
  if (after.size != size || after.mtime_ns != file->stat_at_open().mtime_ns) {
    return api::local_error("FileChanged", "file changed while it was read", request.path);
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

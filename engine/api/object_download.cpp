#include "engine/api/object_download.h"

#include <unistd.h>

#include <cerrno>
#include <memory>

#include "engine/checksum/algorithm.h"
#include "engine/checksum/digest.h"
#include "engine/checksum/hasher.h"
#include "engine/s3/get_object.h"
#include "engine/transfer/expected_checksum.h"
#include "engine/transfer/local_error.h"
#include "io/atomic_file_writer.h"

namespace hoist::api {
namespace {

// Where downloaded bytes go: a temporary file to be renamed, or standard output.
class Destination {
 public:
  virtual ~Destination() = default;
  virtual io::Status write(uint64_t offset, const char* data, size_t size) = 0;
  virtual io::Status commit() = 0;
};

class FileDestination : public Destination {
 public:
  explicit FileDestination(std::unique_ptr<io::AtomicFileWriter> writer)
      : writer_(std::move(writer)) {}
  io::Status write(uint64_t offset, const char* data, size_t size) override {
    return writer_->write_at(offset, data, size);
  }
  io::Status commit() override { return writer_->commit(); }

 private:
  std::unique_ptr<io::AtomicFileWriter> writer_;
};

class StdoutDestination : public Destination {
 public:
  io::Status write(uint64_t, const char* data, size_t size) override {
    while (size > 0) {
      ssize_t n = ::write(STDOUT_FILENO, data, size);
      if (n < 0) {
        if (errno == EINTR) continue;
        return io::Status::from_errno(errno, "write", "stdout");
      }
      data += n;
      size -= static_cast<size_t>(n);
    }
    return {};
  }
  io::Status commit() override { return {}; }
};

}  // namespace

Result<DownloadResult> download_file(s3::Service& service, const std::string& bucket,
                                     const std::string& key, const std::string& path) {
  std::unique_ptr<Destination> destination;
  if (path == "-") {
    destination = std::make_unique<StdoutDestination>();
  } else {
    std::unique_ptr<io::AtomicFileWriter> writer;
    io::Status created = io::AtomicFileWriter::create(path, &writer);
    if (!created.ok()) return transfer::local_error(created, path);
    destination = std::make_unique<FileDestination>(std::move(writer));
  }

  transfer::ExpectedChecksum expected;
  std::unique_ptr<checksum::Hasher> hasher;
  uint64_t expected_length = 0;
  uint64_t received = 0;
  io::Status write_status;

  s3::GetObjectInput input;
  input.bucket = bucket;
  input.key = key;
  input.on_headers = [&](long status, const http::Headers& headers) {
    if (status < 200 || status >= 300) return true;
    s3::ObjectMetadata m = s3::parse_object_metadata(headers);
    expected_length = m.content_length;
    expected = transfer::expected_checksum(headers);
    if (expected.algorithm != checksum::Algorithm::none)
      hasher = checksum::make_hasher(expected.algorithm);
    return true;
  };
  input.sink = [&](const char* data, size_t size) {
    write_status = destination->write(received, data, size);
    if (!write_status.ok()) return false;
    if (hasher) hasher->update({reinterpret_cast<const uint8_t*>(data), size});
    received += size;
    return true;
  };

  auto response = service.execute(s3::get_object(input));
  if (!write_status.ok()) return transfer::local_error(write_status, path);
  if (!response.ok()) return response.error();

  Error mismatch;
  mismatch.kind = ErrorKind::kIntegrity;
  mismatch.bucket = bucket;
  mismatch.key = key;
  if (received != expected_length) {
    mismatch.code = "IncompleteBody";
    mismatch.message = "received " + std::to_string(received) + " of " +
                       std::to_string(expected_length) + " bytes";
    return mismatch;
  }
  DownloadResult result;
  if (hasher) {
    std::string actual = hasher->finish().to_base64();
    if (actual != expected.value) {
      mismatch.code = "BadDigest";
      mismatch.message = std::string(checksum::algorithm_name(expected.algorithm)) +
                         " of the downloaded bytes is " + actual + ", the object's is " +
                         expected.value;
      return mismatch;
    }
    result.checksum_verified = true;
  }
  io::Status committed = destination->commit();
  if (!committed.ok()) return transfer::local_error(committed, path);
  result.bytes = received;
  result.etag = s3::parse_get_object(*response).etag;
  return result;
}

}  // namespace hoist::api

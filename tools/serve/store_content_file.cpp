#include "tools/serve/store_content_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "tools/serve/store_errors.h"

namespace hoist::serve {
namespace {

Error errno_error(const char* what, const std::string& path) {
  return internal_error(std::string(what) + " " + path + ": " + std::strerror(errno));
}

std::span<const uint8_t> as_bytes(std::span<const char> bytes) {
  return {reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()};
}

}  // namespace

Result<std::unique_ptr<StoreContentFile>> StoreContentFile::create(const std::string& temp_path,
                                                                   checksum::Algorithm algorithm) {
  int fd = ::open(temp_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return errno_error("create", temp_path);
  return std::unique_ptr<StoreContentFile>(new StoreContentFile(fd, temp_path, algorithm));
}

StoreContentFile::StoreContentFile(int fd, std::string temp_path, checksum::Algorithm algorithm)
    : fd_(fd),
      temp_path_(std::move(temp_path)),
      md5_(checksum::make_hasher(checksum::Algorithm::md5)),
      checksum_(checksum::make_hasher(algorithm)) {}

StoreContentFile::~StoreContentFile() {
  ::close(fd_);
  if (!published_) ::unlink(temp_path_.c_str());
}

Status StoreContentFile::append(std::span<const char> bytes) {
  md5_->update(as_bytes(bytes));
  if (checksum_) checksum_->update(as_bytes(bytes));
  while (!bytes.empty()) {
    ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno_error("write", temp_path_);
    }
    bytes = bytes.subspan(static_cast<size_t>(n));
    size_ += static_cast<uint64_t>(n);
  }
  return ok_status();
}

checksum::Digest StoreContentFile::finish_md5() { return md5_->finish(); }

checksum::Digest StoreContentFile::finish_checksum() {
  return checksum_ ? checksum_->finish() : checksum::Digest();
}

Status StoreContentFile::publish(const std::string& path) {
  if (::rename(temp_path_.c_str(), path.c_str()) != 0) return errno_error("rename", temp_path_);
  published_ = true;
  return ok_status();
}

}  // namespace hoist::serve

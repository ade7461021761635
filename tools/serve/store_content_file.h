// StoreContentFile: the bytes of one object or part on their way into FileStore. They are
// written to a temporary file while their MD5 (and, for parts of an upload with a checksum
// algorithm, that digest) is computed; publish() renames the file to its final name, and a file
// never published is removed when the object goes away. Used by FileStore's writers only.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "engine/checksum/hasher.h"
#include "hoist/result.h"

namespace hoist::serve {

class StoreContentFile {
 public:
  // Creates `temp_path` exclusively. `algorithm` may be none.
  static Result<std::unique_ptr<StoreContentFile>> create(const std::string& temp_path,
                                                          checksum::Algorithm algorithm);
  ~StoreContentFile();
  StoreContentFile(const StoreContentFile&) = delete;
  StoreContentFile& operator=(const StoreContentFile&) = delete;

  Status append(std::span<const char> bytes);

  uint64_t size() const { return size_; }
  // For copying whole files in with copy_file_range(); such bytes are neither counted by
  // size() nor hashed.
  int descriptor() const { return fd_; }
  // The digests of everything appended. REQUIRES: called once, after the last append().
  checksum::Digest finish_md5();
  checksum::Digest finish_checksum();  // empty when created with Algorithm::none

  // Renames the file to `path`. No fsync: this is a test server, and a crash losing the last
  // writes is acceptable where the speed of every PUT matters. REQUIRES: called at most once.
  Status publish(const std::string& path);

 private:
  StoreContentFile(int fd, std::string temp_path, checksum::Algorithm algorithm);
  int fd_;
  std::string temp_path_;
  bool published_ = false;
  uint64_t size_ = 0;
  std::unique_ptr<checksum::Hasher> md5_;
  std::unique_ptr<checksum::Hasher> checksum_;
};

}  // namespace hoist::serve

// TempDirectory: a fresh directory under $TMPDIR (or /tmp) for one test, removed with
// everything in it when the object goes away. For tests that need real files: config files,
// token files, scripts, data to upload.
#pragma once

#include <string>
#include <string_view>

namespace hoist::test {

class TempDirectory {
 public:
  TempDirectory();  // aborts the test binary if no directory can be made
  ~TempDirectory();
  TempDirectory(const TempDirectory&) = delete;
  TempDirectory& operator=(const TempDirectory&) = delete;

  const std::string& path() const { return path_; }

  // Writes `contents` to `name` (relative, parent directories created) and returns the
  // full path. `executable` sets mode 0755.
  std::string write_file(std::string_view name, std::string_view contents, bool executable = false) const;

 private:
  std::string path_;
};

}  // namespace hoist::test

// Shared fixture for io/ tests: a fresh temporary directory, and small helpers to look at
// what ended up in it through plain system calls rather than through the code under test.
#pragma once

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "io/status.h"
#include "tests/support/temp_directory.h"

namespace hoist::io {

class IoTest : public ::testing::Test {
 protected:
  std::string path(const std::string& name) const { return dir.path() + "/" + name; }

  // Names in the directory, sorted; hidden temporary files included.
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
      names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }

  static std::string contents(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
  }

  // st_mtim of `file` in nanoseconds since the epoch, as stat(2) reports it.
  static int64_t mtime_ns(const std::string& file) {
    struct stat st {};
    EXPECT_EQ(::stat(file.c_str(), &st), 0) << file;
    return static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
  }

  test::TempDirectory dir;
};

// For EXPECT_* on a Status: prints its message when it is unexpectedly not ok.
inline ::testing::AssertionResult is_ok(const Status& status) {
  if (status.ok()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << status.message;
}

}  // namespace hoist::io

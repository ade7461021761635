#include "tests/integration/tree_snapshot.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iterator>

namespace hoist::test {

namespace fs = std::filesystem;

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::map<std::string, std::string> tree_contents(const std::string& root) {
  std::map<std::string, std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_directory()) continue;
    const std::string relative = fs::relative(entry.path(), root).string();
    out[relative] = entry.is_regular_file() && !entry.is_symlink()
                        ? file_bytes(entry.path().string())
                        : "<not a file>";
  }
  return out;
}

std::string tree_differences(const std::map<std::string, std::string>& expected,
                             const std::map<std::string, std::string>& actual) {
  std::string out;
  size_t reported = 0;
  auto note = [&](const std::string& line) {
    if (reported++ < 10) out += line + "\n";
  };
  for (const auto& [path, content] : expected) {
    auto found = actual.find(path);
    if (found == actual.end()) {
      note("missing: " + path);
    } else if (found->second != content) {
      note("differs: " + path + " (" + std::to_string(found->second.size()) + " bytes, expected " +
           std::to_string(content.size()) + ")");
    }
  }
  for (const auto& [path, content] : actual) {
    if (!expected.contains(path)) note("unexpected: " + path);
  }
  if (reported > 10) out += "... " + std::to_string(reported - 10) + " more\n";
  return out;
}

timespec mtime_of(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mtim;
}

void set_mtime(const std::string& path, timespec mtime) {
  const timespec times[2] = {{0, UTIME_OMIT}, mtime};
  EXPECT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, 0), 0) << path;
}

}  // namespace hoist::test

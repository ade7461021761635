// Snapshots of local directory trees for the integration tests: every file's bytes by
// relative path, and a short description of how two snapshots differ.
#pragma once

#include <ctime>
#include <map>
#include <string>

namespace hoist::test {

std::string file_bytes(const std::string& path);

// Every regular file below `root`, by path relative to it; anything that is neither a file
// nor a directory is listed with the content "<not a file>" so that it fails a comparison.
std::map<std::string, std::string> tree_contents(const std::string& root);

// Names the first few differences between two trees, or returns "" when they are equal
// (gtest would print thousands of binary entries for a plain map comparison).
std::string tree_differences(const std::map<std::string, std::string>& expected,
                             const std::map<std::string, std::string>& actual);

timespec mtime_of(const std::string& path);
void set_mtime(const std::string& path, timespec mtime);

}  // namespace hoist::test

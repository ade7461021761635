// FilterFlags: --exclude and --include, shared by the verbs that walk a tree or a prefix
// (cp, mv, rm, sync, verify). Their relative order on the command line decides (the last match
// wins), so they are read back in the order they were parsed.
#pragma once

#include <string>
#include <vector>

#include "hoist/sync.h"

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace hoist::cli {

class FilterFlags {
 public:
  void add_to(CLI::App* cmd);
  // The filters in command-line order. REQUIRES: the command line was parsed.
  std::vector<SyncFilter> filters() const;

 private:
  CLI::App* cmd_ = nullptr;
  CLI::Option* exclude_ = nullptr;
  CLI::Option* include_ = nullptr;
  std::vector<std::string> excludes_, includes_;
};

}  // namespace hoist::cli

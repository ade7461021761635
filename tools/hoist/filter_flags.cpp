#include "tools/hoist/filter_flags.h"

#include <CLI/CLI.hpp>

namespace hoist::cli {

void FilterFlags::add_to(CLI::App* cmd) {
  cmd_ = cmd;
  exclude_ = cmd->add_option("--exclude", excludes_,
                             "skip paths matching this glob ('*' also matches '/'); "
                             "repeatable, later --exclude/--include win");
  include_ = cmd->add_option("--include", includes_,
                             "do not skip paths matching this glob, even if excluded by an "
                             "earlier --exclude");
}

std::vector<SyncFilter> FilterFlags::filters() const {
  std::vector<SyncFilter> filters;
  size_t next_exclude = 0, next_include = 0;
  for (const CLI::Option* option : cmd_->parse_order()) {
    if (option == exclude_ && next_exclude < excludes_.size()) {
      filters.push_back({false, excludes_[next_exclude++]});
    } else if (option == include_ && next_include < includes_.size()) {
      filters.push_back({true, includes_[next_include++]});
    }
  }
  return filters;
}

}  // namespace hoist::cli

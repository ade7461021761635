// InterruptFlag: turns the first Ctrl-C (SIGINT) or SIGTERM into a flag the transfer engine
// polls, so it stops cleanly (keeping multipart uploads for resume, or aborting them). A
// second signal ends the process at once, as users expect of a stuck program.
#pragma once

#include <atomic>

namespace hoist::cli {

class InterruptFlag {
 public:
  InterruptFlag();   // installs the handlers
  ~InterruptFlag();  // restores the previous ones
  InterruptFlag(const InterruptFlag&) = delete;
  InterruptFlag& operator=(const InterruptFlag&) = delete;

  const std::atomic<bool>* flag() const;
  bool raised() const { return flag()->load(); }
};

}  // namespace hoist::cli

#include "tools/hoist/interrupt.h"

#include <signal.h>

namespace hoist::cli {
namespace {

std::atomic<bool> g_interrupted{false};
struct sigaction g_previous_int {};
struct sigaction g_previous_term {};

extern "C" void on_interrupt(int signal_number) {
  g_interrupted.store(true);
  // The next one is not caught: the default action ends the process.
  ::signal(signal_number, SIG_DFL);
}

}  // namespace

InterruptFlag::InterruptFlag() {
  g_interrupted.store(false);
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGINT, &action, &g_previous_int);
  ::sigaction(SIGTERM, &action, &g_previous_term);
}

InterruptFlag::~InterruptFlag() {
  ::sigaction(SIGINT, &g_previous_int, nullptr);
  ::sigaction(SIGTERM, &g_previous_term, nullptr);
}

const std::atomic<bool>* InterruptFlag::flag() const { return &g_interrupted; }

}  // namespace hoist::cli

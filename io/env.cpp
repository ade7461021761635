#include "io/env.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string_view>

#include "io/posix_env.h"
#include "io/uring_queue.h"

namespace hoist::io {

std::string entry_path(const std::string& dir_path, const char* name) {
  if (dir_path.empty() || dir_path.back() == '/') return dir_path + name;
  return dir_path + "/" + name;
}

namespace {

// The file operations are plain system calls either way; only the queue differs.
class UringEnv : public PosixEnv {
 public:
  const char* name() const override { return "io_uring"; }
  Status new_queue(const QueueOptions& options, std::unique_ptr<IoQueue>* out) override {
    if (options.synchronous) return PosixEnv::new_queue(options, out);
    std::unique_ptr<UringQueue> queue;
    int result = UringQueue::create(options.depth, &queue);
    if (result < 0) {
      return Status{-result, std::string("io_uring_queue_init: ") + std::strerror(-result)};
    }
    *out = std::move(queue);
    return {};
  }
};

// 0 when a small ring can be set up here, else io_uring_queue_init's negative errno.
int probe_uring() {
  std::unique_ptr<UringQueue> queue;
  return UringQueue::create(2, &queue);
}

struct DefaultEnv {
  EnvChoice choice;
  std::unique_ptr<Env> env;
};

const DefaultEnv& default_env_state() {
  static DefaultEnv state;
  static std::once_flag once;
  std::call_once(once, [] { state.env = new_env_from_environment(&state.choice); });
  return state;
}

}  // namespace

Status new_uring_env(std::unique_ptr<Env>* out) {
  int result = probe_uring();
  if (result < 0) {
    return Status{-result, std::string("io_uring_queue_init: ") + std::strerror(-result)};
  }
  *out = std::make_unique<UringEnv>();
  return {};
}

EnvChoice choose_env(const char* hoist_io, int uring_probe_result) {
  std::string_view setting = hoist_io == nullptr ? "" : hoist_io;
  if (setting == "posix") return {EnvKind::kPosix, "HOIST_IO=posix"};
  std::string note;
  if (!setting.empty() && setting != "uring" && setting != "io_uring") {
    note = " (HOIST_IO=" + std::string(setting) + " is not posix or io_uring: ignored)";
  }
  if (uring_probe_result < 0) {
    return {EnvKind::kPosix,
            std::string("io_uring unavailable: ") + std::strerror(-uring_probe_result) + note};
  }
  return {EnvKind::kUring, "io_uring available" + note};
}

std::unique_ptr<Env> new_env_from_environment(EnvChoice* choice) {
  const char* hoist_io = std::getenv("HOIST_IO");
  bool forced_posix = hoist_io != nullptr && std::string_view(hoist_io) == "posix";
  *choice = choose_env(hoist_io, forced_posix ? 0 : probe_uring());
  if (choice->kind == EnvKind::kUring) return std::make_unique<UringEnv>();
  return new_posix_env();
}

Env* default_env() { return default_env_state().env.get(); }

const EnvChoice& default_env_choice() { return default_env_state().choice; }

}  // namespace hoist::io

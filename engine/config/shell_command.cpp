#include "engine/config/shell_command.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

extern char** environ;

namespace hoist::config {
namespace {

std::string errno_text(const char* what, int err) { return std::string(what) + ": " + std::strerror(err); }

// Closes a descriptor when it goes out of scope, so early returns leak nothing.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd = -1) : fd_(fd) {}
  ~FileDescriptor() { reset(); }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }
  void reset() {
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

int wait_for(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

Result<CommandOutput> run_shell_command(const std::string& command, size_t max_output) {
  int fds[2];
  // O_CLOEXEC keeps both ends out of children that other threads spawn meanwhile; dup2 in
  // the file actions gives our child its stdout without the flag.
  if (pipe2(fds, O_CLOEXEC) != 0) return failed(errno_text("pipe", errno));
  FileDescriptor read_end(fds[0]);
  FileDescriptor write_end(fds[1]);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, write_end.get(), STDOUT_FILENO);
  const char* argv[] = {"/bin/sh", "-c", command.c_str(), nullptr};
  pid_t pid = 0;
  int spawn_error = posix_spawn(&pid, "/bin/sh", &actions, nullptr, const_cast<char* const*>(argv), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawn_error != 0) return failed(errno_text("cannot run /bin/sh", spawn_error));
  write_end.reset();

  CommandOutput output;
  bool too_long = false;
  char buffer[4096];
  for (;;) {
    ssize_t n = read(read_end.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    if (output.stdout_text.size() + static_cast<size_t>(n) > max_output) {
      too_long = true;  // keep draining so the child is not blocked on a full pipe
      continue;
    }
    output.stdout_text.append(buffer, static_cast<size_t>(n));
  }
  output.exit_code = wait_for(pid);
  if (output.exit_code < 0) return failed(errno_text("waitpid", errno));
  if (too_long) {
    return failed("command wrote more than " + std::to_string(max_output) + " bytes");
  }
  return output;
}

}  // namespace hoist::config

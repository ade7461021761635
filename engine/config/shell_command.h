// Running a user-configured command (credential_process) through /bin/sh -c and capturing
// what it writes to standard output. Standard input and standard error stay connected to
// ours, so a command that prompts (an MFA code) or explains a failure reaches the user.
#pragma once

#include <cstddef>
#include <string>

#include "engine/config/result.h"

namespace hoist::config {

struct CommandOutput {
  int exit_code = 0;       // the command's exit status; 128 + signal number if killed
  std::string stdout_text; // may hold secrets: callers must not print it
};

// Runs `command` and waits for it. failed() only when it could not be run at all; a command
// that ran and failed comes back with its exit code. Output beyond `max_output` bytes is an
// error (a runaway command must not exhaust memory).
Result<CommandOutput> run_shell_command(const std::string& command, size_t max_output = 1 << 20);

}  // namespace hoist::config

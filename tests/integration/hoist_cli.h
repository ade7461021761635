// Runs the real hoist CLI binary as a child process, as a user's shell would, and captures
// its exit status and output.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace hoist::test {

struct CliResult {
  int exit_code = -1;  // -1 if the process did not exit normally
  std::string out;
  std::string err;
};

// The test's own environment with `overrides` applied ("NAME=value" entries; an empty
// value unsets the variable), for a child process.
std::vector<std::string> merged_environment(const std::map<std::string, std::string>& overrides);

// The environment overrides for a hoist run that must find exactly these keys in us-east-1:
// no session token, profile, endpoint variables, config files or instance metadata of the
// machine running the tests.
std::map<std::string, std::string> isolated_environment(const std::string& access_key,
                                                        const std::string& secret_key);

// Runs `program` with `args`. The environment is the test's own with `env` applied on top
// (an empty value unsets the variable). Standard input is read from `stdin_path`: /dev/null
// unless a test feeds the program (a file, or a FIFO another thread writes, for a pipe).
CliResult run_program(const std::string& program, const std::vector<std::string>& args,
                      const std::map<std::string, std::string>& env = {},
                      const std::string& stdin_path = "/dev/null");

// run_program() on the hoist binary under test.
CliResult run_hoist(const std::vector<std::string>& args,
                    const std::map<std::string, std::string>& env = {},
                    const std::string& stdin_path = "/dev/null");

}  // namespace hoist::test

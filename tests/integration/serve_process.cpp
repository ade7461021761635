#include "tests/integration/serve_process.h"

#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

extern char** environ;

namespace hoist::test {
namespace {

constexpr std::string_view kReady = "hoist serve: listening on http://127.0.0.1:";

}  // namespace

ServeProcess::ServeProcess(const std::vector<std::string>& extra_args) {
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) std::abort();
  std::vector<std::string> args = {HOIST_CLI_PATH, "serve",    "--listen",     "127.0.0.1:0",
                                   "--access-key", kAccessKey, "--secret-key", kSecretKey};
  // A store that keeps nothing has no root; hoist serve takes exactly one of the two.
  if (std::find(extra_args.begin(), extra_args.end(), "--discard") == extra_args.end()) {
    args.insert(args.end(), {"--root", root_.path() + "/store"});
  }
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 2);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  if (::posix_spawn(&pid_, HOIST_CLI_PATH, &actions, nullptr, argv.data(), environ) != 0) {
    std::fprintf(stderr, "cannot start %s\n", HOIST_CLI_PATH);
    std::abort();
  }
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_fds[1]);

  std::string output;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (port_ == 0 && std::chrono::steady_clock::now() < deadline) {
    pollfd p{pipe_fds[0], POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    char buf[512];
    const ssize_t n = ::read(pipe_fds[0], buf, sizeof buf);
    if (n <= 0) break;
    output.append(buf, static_cast<size_t>(n));
    const size_t at = output.find(kReady);
    if (at != std::string::npos && output.find('\n', at) != std::string::npos) {
      port_ = std::atoi(output.c_str() + at + kReady.size());
    }
  }
  ::close(pipe_fds[0]);  // later output (none expected) goes nowhere
  if (port_ == 0) {
    std::fprintf(stderr, "hoist serve did not start: %s\n", output.c_str());
    std::abort();
  }
  // aws-cli reads its S3 transfer settings from a config file: small parts, so that a 20 MiB
  // upload is multipart.
  std::ofstream(config_.path() + "/config")
      << "[default]\ns3 =\n  multipart_threshold = 5MB\n  multipart_chunksize = 5MB\n";
}

ServeProcess::~ServeProcess() {
  ::kill(pid_, SIGTERM);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "hoist serve status " << status;
}

std::map<std::string, std::string> ServeProcess::client_environment() const {
  return {
      {"AWS_ACCESS_KEY_ID", kAccessKey},
      {"AWS_SECRET_ACCESS_KEY", kSecretKey},
      {"AWS_SESSION_TOKEN", ""},
      {"AWS_REGION", "us-east-1"},
      {"AWS_DEFAULT_REGION", "us-east-1"},
      {"AWS_PROFILE", ""},
      {"AWS_ENDPOINT_URL", ""},
      {"AWS_ENDPOINT_URL_S3", ""},
      {"AWS_EC2_METADATA_DISABLED", "true"},
      {"AWS_CONFIG_FILE", config_.path() + "/config"},
      {"AWS_SHARED_CREDENTIALS_FILE", "/dev/null"},
      {"AWS_PAGER", ""},
  };
}

}  // namespace hoist::test

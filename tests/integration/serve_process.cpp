#include "tests/integration/serve_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <thread>

#include <gtest/gtest.h>

extern char** environ;

namespace hoist::test {
namespace {

constexpr std::string_view kReady = "hoist serve: listening on http://127.0.0.1:";

size_t count_of(std::string_view text, std::string_view what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string_view::npos; at = text.find(what, at + 1)) {
    ++n;
  }
  return n;
}

}  // namespace

ServeProcess::ServeProcess(const std::vector<std::string>& extra_args) {
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
  // A file, not a pipe: serve may print long after start-up, and nobody reads a pipe then.
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 2, log_path().c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0600);
  // Nothing of the test process's output: should the test crash before stopping the server,
  // a server holding ctest's pipe would keep ctest waiting for the end of that test's output.
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);
  if (::posix_spawn(&pid_, HOIST_CLI_PATH, &actions, nullptr, argv.data(), environ) != 0) {
    std::fprintf(stderr, "cannot start %s\n", HOIST_CLI_PATH);
    std::abort();
  }
  posix_spawn_file_actions_destroy(&actions);

  std::string output;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (port_ == 0 && std::chrono::steady_clock::now() < deadline) {
    output = log();
    const size_t at = output.find(kReady);
    if (at != std::string::npos && output.find('\n', at) != std::string::npos) {
      port_ = std::atoi(output.c_str() + at + kReady.size());
    } else if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
      break;  // it ended
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
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

std::string ServeProcess::log() const {
  std::ifstream in(log_path(), std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

bool ServeProcess::wait_for_log(std::string_view text, size_t count,
                                std::chrono::seconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (count_of(log(), text) < count) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
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

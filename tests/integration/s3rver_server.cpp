#include "tests/integration/s3rver_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "tests/integration/hoist_cli.h"

extern char** environ;

namespace hoist::test {
namespace {

// A port the kernel just handed out, and released, on 127.0.0.1.
int free_loopback_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    std::perror("free_loopback_port");
    std::abort();
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

bool accepts_connections(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

S3rverServer::S3rverServer() : S3rverServer("", "") {}

S3rverServer::S3rverServer(const std::string& tls_key_path, const std::string& tls_cert_path)
    : tls_(!tls_key_path.empty()) {
  for (int attempt = 0; attempt < 3 && pid_ < 0; ++attempt) {
    port_ = free_loopback_port();
    std::string port = std::to_string(port_);
    std::vector<std::string> args = {
        // s3rver 3.7 encrypts list continuation tokens with a cipher OpenSSL 3 keeps only in
        // its legacy provider: without it the second page of a listing is a 500.
        "node",
        "--openssl-legacy-provider",
        HOIST_S3RVER_BIN,
        "-d",
        data_.path(),
        "-a",
        "127.0.0.1",
        "-p",
        port,
        "--silent"};
    if (tls_) {
      args.insert(args.end(), {"--key", tls_key_path, "--cert", tls_cert_path});
    }
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = -1;
    if (::posix_spawnp(&pid, "node", nullptr, nullptr, argv.data(), environ) != 0) {
      std::fprintf(stderr, "cannot start node for s3rver\n");
      std::abort();
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (std::chrono::steady_clock::now() < deadline) {
      if (accepts_connections(port_)) {
        pid_ = pid;
        break;
      }
      int status = 0;
      if (::waitpid(pid, &status, WNOHANG) == pid) break;  // exited: maybe the port was taken
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (pid_ < 0) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
  }
  if (pid_ < 0) {
    std::fprintf(stderr, "s3rver did not start (is it installed at %s?)\n", HOIST_S3RVER_BIN);
    std::abort();
  }
}

S3rverServer::~S3rverServer() {
  ::kill(pid_, SIGTERM);
  for (int i = 0; i < 50; ++i) {
    if (::waitpid(pid_, nullptr, WNOHANG) == pid_) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
}

std::string S3rverServer::endpoint() const {
  return std::string(tls_ ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_);
}

std::map<std::string, std::string> S3rverServer::client_environment() const {
  return isolated_environment(kAccessKey, kSecretKey);
}

}  // namespace hoist::test

// S3rverServer: a real s3rver (npm) process on a free loopback port, with its data in a
// temporary directory, for tests that need a third-party S3-compatible server that checks
// SigV4 signatures. Stopped (SIGTERM, then SIGKILL) when the object goes away.
#pragma once

#include <sys/types.h>

#include <map>
#include <string>

#include "tests/integration/test_server.h"
#include "tests/support/temp_directory.h"

namespace hoist::test {

class S3rverServer : public TestServer {
 public:
  // s3rver's fixed account.
  static constexpr const char* kAccessKey = "S3RVER";
  static constexpr const char* kSecretKey = "S3RVER";

  // Starts the server and waits until it accepts connections; fails the test binary
  // (std::abort with a message) if it cannot start within a few seconds. With a PEM key and
  // certificate it serves HTTPS.
  S3rverServer();
  S3rverServer(const std::string& tls_key_path, const std::string& tls_cert_path);
  ~S3rverServer() override;
  S3rverServer(const S3rverServer&) = delete;
  S3rverServer& operator=(const S3rverServer&) = delete;

  std::string endpoint() const override;  // "http[s]://127.0.0.1:<port>"
  int port() const { return port_; }

  // Environment for a hoist child process talking to this server: credentials, region, and
  // the instance metadata lookup disabled (tests never leave loopback).
  std::map<std::string, std::string> client_environment() const override;

 private:
  TempDirectory data_;
  bool tls_ = false;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace hoist::test

// ServeProcess: the real `hoist serve` binary on 127.0.0.1 with a port it picked itself
// (--listen 127.0.0.1:0; the port is read from the "listening on" line it prints), storing in
// a temporary directory. Its stderr goes to a log file there, which a test may read (what
// --hold-part-answers held). Stopped with SIGTERM when the object goes away; the test fails
// if it does not then exit 0.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "tests/integration/test_server.h"
#include "tests/support/temp_directory.h"

namespace hoist::test {

class ServeProcess : public TestServer {
 public:
  static constexpr const char* kAccessKey = "HOISTTESTKEY";
  static constexpr const char* kSecretKey = "hoist-test-secret";

  // Starts `hoist serve --root <temp> --listen 127.0.0.1:0` with the test credentials and
  // `extra_args` (without --root when they hold --discard); aborts the test binary if it does
  // not print its port within 10 s.
  explicit ServeProcess(const std::vector<std::string>& extra_args = {});
  ~ServeProcess() override;
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  std::string endpoint() const override { return "http://127.0.0.1:" + std::to_string(port_); }
  int port() const { return port_; }
  const std::string& root() const { return root_.path(); }

  // What it printed on stderr so far.
  std::string log() const;
  // Waits until its stderr holds `count` copies of `text`; false if `timeout` passed first.
  bool wait_for_log(std::string_view text, size_t count, std::chrono::seconds timeout) const;

  // Environment for a client child process (hoist, aws, python3 with boto3): the test
  // credentials and region, nothing read from the user's AWS configuration.
  std::map<std::string, std::string> client_environment() const override;

 private:
  std::string log_path() const { return root_.path() + "/serve.log"; }

  TempDirectory root_;
  TempDirectory config_;
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace hoist::test

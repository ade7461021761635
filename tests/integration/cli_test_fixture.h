// CliTest: a GoogleTest fixture that runs the hoist CLI against one server (s3rver or hoist
// serve, see test_server.h) shared by every test in the binary, each test in a bucket of its
// own.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "tests/integration/hoist_cli.h"
#include "tests/integration/test_server.h"
#include "tests/support/temp_directory.h"
#include "tests/support/test_bytes.h"

namespace hoist::test {

class CliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = start_test_server(); }
  static void TearDownTestSuite() { server_.reset(); }

  // hoist --endpoint-url <server> <args...>
  CliResult hoist(std::vector<std::string> args,
                  std::map<std::string, std::string> env_overrides = {}) {
    std::vector<std::string> full = {"--endpoint-url", server_->endpoint()};
    full.insert(full.end(), args.begin(), args.end());
    auto env = server_->client_environment();
    for (auto& [k, v] : env_overrides) env[k] = v;
    return run_hoist(full, env);
  }

  // A bucket name unique to the running test, created on first use.
  std::string bucket() {
    if (bucket_.empty()) {
      const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
      bucket_ = "t-" + std::to_string(counter_++) + "-" + std::to_string(::getpid());
      (void)info;
      CliResult made = hoist({"mb", "s3://" + bucket_});
      EXPECT_EQ(made.exit_code, 0) << made.err;
    }
    return bucket_;
  }

  static std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }

  static std::string pattern_bytes(size_t size) { return test::xorshift_bytes(size, 2463534242u); }

  static inline std::unique_ptr<TestServer> server_;
  static inline int counter_ = 0;
  TempDirectory dir_;
  std::string bucket_;
};

}  // namespace hoist::test

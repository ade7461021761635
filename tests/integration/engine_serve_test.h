// EngineServeTest: the fixture of the engine-level tests (no CLI) against a real `hoist serve`:
// the server, the ServiceOptions and credentials an Engine is configured with, a control
// Service for checks, and one bucket made for the test.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>

#include "engine/s3/bucket_operations.h"
#include "engine/s3/list_multipart_uploads.h"
#include "engine/s3/service.h"
#include "tests/integration/serve_process.h"

namespace hoist::test {

class EngineServeTest : public ::testing::Test {
 protected:
  explicit EngineServeTest(std::string bucket) : bucket_(std::move(bucket)) {}

  void SetUp() override {
    auto endpoint = s3::parse_endpoint(server_.endpoint());
    ASSERT_TRUE(endpoint.ok());
    service_.endpoint = *endpoint;
    service_.addressing = s3::AddressingStyle::kPath;
    service_.region = "us-east-1";
    const auto env = server_.client_environment();
    credentials_ = [key = env.at("AWS_ACCESS_KEY_ID"),
                    secret = env.at("AWS_SECRET_ACCESS_KEY")]() -> Result<sigv4::Credentials> {
      return sigv4::Credentials{key, secret, ""};
    };
    control_ = std::make_unique<s3::Service>(service_, credentials_);
    ASSERT_TRUE(control_->execute(s3::create_bucket(bucket_, "us-east-1")).ok());
  }

  // Multipart uploads open in the test's bucket (SIZE_MAX when they cannot be listed).
  size_t open_uploads() {
    s3::ListMultipartUploadsInput input;
    input.bucket = bucket_;
    s3::Operation op = s3::list_multipart_uploads(input);
    auto response = control_->execute(op);
    EXPECT_TRUE(response.ok());
    if (!response.ok()) return SIZE_MAX;
    auto page = s3::parse_list_multipart_uploads(*response, op);
    return page.ok() ? page->uploads.size() : SIZE_MAX;
  }

  const std::string bucket_;
  ServeProcess server_;
  s3::ServiceOptions service_;
  s3::CredentialsSource credentials_;
  std::unique_ptr<s3::Service> control_;
};

}  // namespace hoist::test

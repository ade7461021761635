// Error::describe: the one line the CLI prints for a failure.
#include "hoist/error.h"

#include <gtest/gtest.h>

namespace hoist {
namespace {

Error error(std::string code, std::string message, std::string request_id = "") {
  Error e;
  e.code = std::move(code);
  e.message = std::move(message);
  e.request_id = std::move(request_id);
  return e;
}

TEST(ErrorDescribe, CodeMessageAndRequestId) {
  EXPECT_EQ(error("NoSuchKey", "The specified key does not exist.", "4442587FB7D0A2F9").describe(),
            "NoSuchKey: The specified key does not exist. (request id 4442587FB7D0A2F9)");
}

TEST(ErrorDescribe, WithoutRequestId) {
  EXPECT_EQ(error("NetworkError", "could not connect: refused").describe(), "NetworkError: could not connect: refused");
}

TEST(ErrorDescribe, WithoutCode) {
  EXPECT_EQ(error("", "something failed").describe(), "something failed");
  EXPECT_EQ(error("", "something failed", "R1").describe(), "something failed (request id R1)");
}

TEST(ErrorDescribe, NamesNeitherBucketNorPath) {
  // The caller prints what the error concerns; describe() must not say it twice.
  Error e = error("AccessDenied", "Access Denied");
  e.bucket = "b1";
  e.key = "k";
  e.local_path = "/data/k";
  EXPECT_EQ(e.describe(), "AccessDenied: Access Denied");
}

}  // namespace
}  // namespace hoist

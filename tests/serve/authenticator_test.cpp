// The Authenticator of hoist serve against requests signed by the client's own signer, and
// against dates no clock can hold.
#include "tools/serve/authenticator.h"

#include <gtest/gtest.h>

#include <cctype>
#include <chrono>
#include <string>

#include "sigv4/canonical_uri.h"
#include "sigv4/sha256.h"
#include "sigv4/signer.h"

namespace hoist::serve {
namespace {

using Clock = std::chrono::system_clock;

const sigv4::Credentials kCredentials{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                      ""};
const Clock::time_point kNow = Clock::from_time_t(1440938160);  // 2015-08-30T12:36:00Z

// `request` signed by the client for S3 and read back as the server receives it.
SignedRequest signed_by_client(sigv4::Request request) {
  sigv4::sign(request, kCredentials, {"us-east-1", "s3"}, kNow);
  SignedRequest out{request.method, sigv4::wire_path(request.path), request.query, {}};
  for (auto [name, value] : request.headers) {
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers.emplace_back(name, value);
  }
  return out;
}

sigv4::Request get_object() {
  sigv4::Request request;
  request.method = "GET";
  request.path = "/bucket/a b.txt";
  request.headers = {{"Host", "localhost:9000"}};
  request.payload_hash = std::string(sigv4::UNSIGNED_PAYLOAD);
  return request;
}

TEST(Authenticator, AcceptsWhatTheClientSigned) {
  const IssuedCredentials issued(std::chrono::hours(1));
  Authenticator authenticator(kCredentials, "us-east-1", issued);
  auto verified = authenticator.verify(signed_by_client(get_object()), kNow);
  ASSERT_TRUE(verified.ok()) << verified.error().message;
  EXPECT_EQ(verified->payload_hash, sigv4::UNSIGNED_PAYLOAD);
}

TEST(Authenticator, RefusesDatesBeyondTheClocksRange) {
  const IssuedCredentials issued(std::chrono::hours(1));
  Authenticator authenticator(kCredentials, "us-east-1", issued);
  for (const char* date : {"26150830T123600Z", "99991231T235959Z", "19000101T000000Z"}) {
    SignedRequest request = signed_by_client(get_object());
    for (auto& [name, value] : request.headers) {
      if (name == "x-amz-date") value = date;
    }
    auto verified = authenticator.verify(request, kNow);
    ASSERT_FALSE(verified.ok()) << date;
    EXPECT_EQ(verified.error().code, "AccessDenied") << date;
  }
}

}  // namespace
}  // namespace hoist::serve

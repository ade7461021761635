// Client::restore_object refuses days and tiers S3 would reject before sending anything: the
// client points at a closed port, so a request that went out would fail as a NetworkError.
#include <gtest/gtest.h>

#include "hoist/client.h"

namespace hoist {
namespace {

std::unique_ptr<Client> unreachable_client() {
  Config config;
  config.access_key_id = "AKIDEXAMPLE";
  config.secret_access_key = "secret";
  config.region = "us-east-1";
  config.endpoint_url = "http://127.0.0.1:1";
  auto client = Client::create(config);
  EXPECT_TRUE(client.ok()) << client.error().describe();
  return client.ok() ? std::move(*client) : nullptr;
}

TEST(ClientRestoreObject, BadDaysAndTiersAreRefusedBeforeSending) {
  auto client = unreachable_client();
  ASSERT_TRUE(client);
  for (int days : {0, -1}) {
    auto r = client->restore_object("bucket", "key", days, "Standard");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, ErrorKind::kInvalid) << r.error().describe();
    EXPECT_NE(r.error().message.find("days must be 1 or more"), std::string::npos);
  }
  for (const char* tier : {"", "standard", "Fast"}) {
    auto r = client->restore_object("bucket", "key", 1, tier);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, ErrorKind::kInvalid) << r.error().describe();
    EXPECT_NE(r.error().message.find("is not a tier"), std::string::npos);
  }
  // A valid request is sent, and fails for want of a server.
  auto sent = client->restore_object("bucket", "key", 1, "Bulk");
  ASSERT_FALSE(sent.ok());
  EXPECT_EQ(sent.error().kind, ErrorKind::kTransport) << sent.error().describe();
}

}  // namespace
}  // namespace hoist

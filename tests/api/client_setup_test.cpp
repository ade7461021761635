// resolve_client_setup: the Config fields behind the CLI's global flags reach the service and
// its HTTP options (timeouts, Requester Pays, listing page size), and --no-sign-request looks
// for no credentials at all.
#include "engine/api/client_setup.h"

#include <gtest/gtest.h>

#include <chrono>

namespace hoist::api {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// Explicit keys, region and endpoint: nothing is looked up in the environment or profiles.
Config explicit_config() {
  Config config;
  config.access_key_id = "AKIDEXAMPLE";
  config.secret_access_key = "secret";
  config.region = "eu-west-1";
  config.endpoint_url = "http://127.0.0.1:9";
  return config;
}

ClientSetup resolved(const Config& config) {
  Result<ClientSetup> setup = resolve_client_setup(config);
  EXPECT_TRUE(setup.ok()) << (setup.ok() ? "" : setup.error().describe());
  return setup.ok() ? std::move(*setup) : ClientSetup{};
}

TEST(ClientSetup, TimeoutsReachTheHttpOptions) {
  Config config = explicit_config();
  config.connect_timeout = milliseconds(2500);
  config.read_timeout = milliseconds(1500);
  ClientSetup setup = resolved(config);
  EXPECT_EQ(setup.service.http.connect_timeout, milliseconds(2500));
  EXPECT_EQ(setup.service.http.low_speed_window, seconds(2));  // curl counts whole seconds
  EXPECT_GT(setup.service.http.low_speed_bytes_per_second, 0);

  config.read_timeout = milliseconds(0);  // never
  setup = resolved(config);
  EXPECT_EQ(setup.service.http.low_speed_bytes_per_second, 0);
}

TEST(ClientSetup, RequestPayerAndPageSizeReachTheService) {
  ClientSetup plain = resolved(explicit_config());
  EXPECT_FALSE(plain.service.request_payer);
  EXPECT_EQ(plain.service.list_page_size, 1000);

  Config config = explicit_config();
  config.request_payer = true;
  config.list_page_size = 7;
  ClientSetup setup = resolved(config);
  EXPECT_TRUE(setup.service.request_payer);
  EXPECT_EQ(setup.service.list_page_size, 7);
}

TEST(ClientSetup, AnonymousLooksForNoCredentials) {
  Config config;
  config.anonymous = true;
  config.region = "us-east-1";
  config.endpoint_url = "http://127.0.0.1:9";
  config.profile = "a-profile-that-has-no-keys-anywhere";
  Result<ClientSetup> setup = resolve_client_setup(config);
  // A named profile that does not exist still fails: the profile is configuration, not
  // credentials. Without it, nothing is looked up.
  EXPECT_FALSE(setup.ok());
  config.profile.clear();
  setup = resolve_client_setup(config);
  ASSERT_TRUE(setup.ok()) << setup.error().describe();
  EXPECT_EQ(setup->settings.credentials_source, "none (--no-sign-request)");
  auto credentials = setup->credentials();
  ASSERT_TRUE(credentials.ok());
  EXPECT_TRUE(credentials->access_key_id.empty());
}

}  // namespace
}  // namespace hoist::api

#include "engine/config/refreshing_credentials.h"

#include <gtest/gtest.h>

#include <atomic>
#include <deque>
#include <thread>
#include <vector>

#include "engine/config/container_credentials_provider.h"
#include "tests/config/config_test.h"
#include "tests/support/local_http_responder.h"

namespace hoist::config {
namespace {

using namespace std::chrono;

// Answers fetches from a script; the last answer repeats.
class ScriptedProvider final : public CredentialsProvider {
 public:
  explicit ScriptedProvider(std::deque<Result<Credentials>> answers) : answers_(std::move(answers)) {}

  Result<Credentials> fetch() override {
    ++fetches;
    Result<Credentials> answer = answers_.front();
    if (answers_.size() > 1) answers_.pop_front();
    return answer;
  }

  std::atomic<int> fetches{0};

 private:
  std::deque<Result<Credentials>> answers_;
};

Credentials keys(std::string id, std::optional<system_clock::time_point> expiration) {
  Credentials credentials;
  credentials.access_key_id = std::move(id);
  credentials.secret_access_key = "secret";
  credentials.expiration = expiration;
  credentials.source = "test";
  return credentials;
}

class RefreshingCredentialsTest : public ::testing::Test {
 protected:
  // Builds the cache around a scripted provider with a clock the test moves by hand.
  RefreshingCredentials& make(std::deque<Result<Credentials>> answers) {
    auto provider = std::make_unique<ScriptedProvider>(std::move(answers));
    scripted = provider.get();
    RefreshingCredentials::Options options;
    options.clock = [this] { return now; };
    cache = std::make_unique<RefreshingCredentials>(std::move(provider), options);
    return *cache;
  }

  system_clock::time_point start = time_point_cast<seconds>(system_clock::now());
  system_clock::time_point now = start;
  ScriptedProvider* scripted = nullptr;
  std::unique_ptr<RefreshingCredentials> cache;
};

TEST_F(RefreshingCredentialsTest, KeysWithoutExpirationAreFetchedOnce) {
  RefreshingCredentials& credentials = make({keys("A", std::nullopt)});
  EXPECT_EQ(credentials.get()->access_key_id, "A");
  now += hours(1000);
  EXPECT_EQ(credentials.get()->access_key_id, "A");
  EXPECT_EQ(scripted->fetches, 1);
}

TEST_F(RefreshingCredentialsTest, RefreshesWithinTheMarginBeforeExpiration) {
  RefreshingCredentials& credentials = make({keys("A", start + minutes(60)), keys("B", start + minutes(120))});
  EXPECT_EQ(credentials.get()->access_key_id, "A");
  now = start + minutes(54);  // 6 minutes left: still fresh
  EXPECT_EQ(credentials.get()->access_key_id, "A");
  EXPECT_EQ(scripted->fetches, 1);
  now = start + minutes(56);  // 4 minutes left: inside the 5-minute margin
  EXPECT_EQ(credentials.get()->access_key_id, "B");
  EXPECT_EQ(scripted->fetches, 2);
  EXPECT_EQ(credentials.get()->access_key_id, "B");
  EXPECT_EQ(scripted->fetches, 2);
}

TEST_F(RefreshingCredentialsTest, FailedRefreshKeepsValidCredentialsAndBacksOff) {
  RefreshingCredentials& credentials =
      make({keys("A", start + minutes(10)), failed("agent down"), keys("B", start + minutes(60))});
  EXPECT_EQ(credentials.get()->access_key_id, "A");
  now = start + minutes(6);
  EXPECT_EQ(credentials.get()->access_key_id, "A") << "refresh failed, but A is still valid";
  EXPECT_EQ(scripted->fetches, 2);
  now += seconds(5);
  EXPECT_EQ(credentials.get()->access_key_id, "A");
  EXPECT_EQ(scripted->fetches, 2) << "no new attempt within the retry interval";
  now += seconds(10);
  EXPECT_EQ(credentials.get()->access_key_id, "B");
  EXPECT_EQ(scripted->fetches, 3);
}

TEST_F(RefreshingCredentialsTest, ExpiredCredentialsAreNeverHandedOut) {
  RefreshingCredentials& credentials = make({keys("A", start + minutes(10)), failed("agent down")});
  ASSERT_TRUE(is_ok(credentials.get()));
  now = start + minutes(11);
  Result<Credentials> result = credentials.get();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().message, "agent down");
}

TEST_F(RefreshingCredentialsTest, FirstFetchErrorIsReturned) {
  RefreshingCredentials& credentials = make({failed("nothing"), keys("A", std::nullopt)});
  EXPECT_FALSE(credentials.get().ok());
  EXPECT_EQ(credentials.get()->access_key_id, "A") << "no cached keys, so no back-off";
}

TEST_F(RefreshingCredentialsTest, ConcurrentCallersShareOneFetch) {
  RefreshingCredentials& credentials = make({keys("A", start + hours(1))});
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 100; ++j) ok += credentials.get().ok() ? 1 : 0;
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(ok, 800);
  EXPECT_EQ(scripted->fetches, 1);
}

// The whole path: a container agent whose first credentials are about to expire.
TEST(RefreshingContainerCredentials, FetchesNewCredentialsWhenTheOldOnesNearExpiry) {
  test::LocalHttpResponder agent;
  auto now = time_point_cast<seconds>(system_clock::now());
  agent.respond("GET", "/creds", test::CannedResponse().with_body(credentials_json("AKIDOLD", now + minutes(3))));
  agent.respond("GET", "/creds", test::CannedResponse().with_body(credentials_json("AKIDNEW", now + hours(1))));
  MapEnvironment env;
  env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", agent.url() + "/creds");
  RefreshingCredentials::Options options;
  options.retry_interval = seconds(0);
  RefreshingCredentials credentials(std::make_unique<ContainerCredentialsProvider>(env), options);

  Result<Credentials> first = credentials.get();
  ASSERT_TRUE(is_ok(first));
  EXPECT_EQ(first->access_key_id, "AKIDOLD");
  Result<Credentials> second = credentials.get();  // AKIDOLD expires within the margin
  ASSERT_TRUE(is_ok(second));
  EXPECT_EQ(second->access_key_id, "AKIDNEW");
  EXPECT_EQ(second->session_token, "token-AKIDNEW");
  EXPECT_EQ(credentials.get()->access_key_id, "AKIDNEW");
  EXPECT_EQ(agent.count("GET", "/creds"), 2u);
}

}  // namespace
}  // namespace hoist::config

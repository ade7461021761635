// ObjectListing: walks every page of a listing and refuses one that would never end.
#include "hoist/object_listing.h"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/local_http_responder.h"

namespace hoist {
namespace {

using test::CannedResponse;
using test::LocalHttpResponder;
using test::RecordedRequest;

std::string page(const std::vector<std::string>& keys, const std::string& next_token) {
  std::string body = "<ListBucketResult><IsTruncated>" +
                     std::string(next_token.empty() ? "false" : "true") + "</IsTruncated>";
  if (!next_token.empty()) body += "<NextContinuationToken>" + next_token + "</NextContinuationToken>";
  for (const auto& key : keys) body += "<Contents><Key>" + key + "</Key><Size>1</Size></Contents>";
  return body + "</ListBucketResult>";
}

class ObjectListingTest : public ::testing::Test {
 protected:
  std::unique_ptr<Client> client() {
    Config config;
    config.access_key_id = "AKIDTEST";
    config.secret_access_key = "secret";
    config.region = "us-east-1";
    config.endpoint_url = server.url();
    auto made = Client::create(config);
    EXPECT_TRUE(made.ok()) << made.error().describe();
    return std::move(*made);
  }

  // The keys of every page until the end or an error (returned as its message).
  std::pair<std::vector<std::string>, std::string> walk(Client& c) {
    ObjectListing listing(c, ListRequest{"b", "p/", "", "", 1000});
    std::vector<std::string> keys;
    for (;;) {
      auto next = listing.next();
      if (!next.ok()) return {keys, next.error().message};
      if (!*next) return {keys, ""};
      for (const auto& o : (*next)->objects) keys.push_back(o.key);
    }
  }

  LocalHttpResponder server;
};

TEST_F(ObjectListingTest, FollowsTokensToTheLastPage) {
  server.respond_with([](const RecordedRequest& r) {
    if (r.target.find("continuation-token=t1") != std::string::npos) {
      return CannedResponse().with_body(page({"p/b"}, "t2"));
    }
    if (r.target.find("continuation-token=t2") != std::string::npos) {
      return CannedResponse().with_body(page({"p/c"}, ""));
    }
    return CannedResponse().with_body(page({"p/a"}, "t1"));
  });
  auto c = client();
  auto [keys, error] = walk(*c);
  EXPECT_EQ(error, "");
  EXPECT_EQ(keys, (std::vector<std::string>{"p/a", "p/b", "p/c"}));
}

TEST_F(ObjectListingTest, ATokenGivenBeforeEndsTheWalkWithAnError) {
  // t1 -> t2 -> t1: a cycle, not only the same token twice in a row.
  server.respond_with([](const RecordedRequest& r) {
    if (r.target.find("continuation-token=t1") != std::string::npos) {
      return CannedResponse().with_body(page({"p/b"}, "t2"));
    }
    return CannedResponse().with_body(page({"p/a"}, "t1"));
  });
  auto c = client();
  auto [keys, error] = walk(*c);
  EXPECT_EQ(keys, (std::vector<std::string>{"p/a", "p/b"}));  // the third page is refused
  EXPECT_EQ(error,
            "ListObjectsV2: the listing does not end: the server gave a continuation token it "
            "gave before");
}

TEST_F(ObjectListingTest, EndlessEmptyPagesEndTheWalkWithAnError) {
  std::atomic<int> served = 0;
  server.respond_with([&served](const RecordedRequest&) {
    return CannedResponse().with_body(page({}, "t" + std::to_string(++served)));
  });
  auto c = client();
  auto [keys, error] = walk(*c);
  EXPECT_TRUE(keys.empty());
  EXPECT_EQ(error, "ListObjectsV2: the listing does not end: 1000 empty pages in a row, each "
                   "promising more");
  EXPECT_EQ(server.count("GET", "/b"), static_cast<size_t>(ObjectListing::kMaxEmptyPagesInARow));
}

}  // namespace
}  // namespace hoist

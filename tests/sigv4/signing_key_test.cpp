#include "sigv4/signing_key.h"

#include <gtest/gtest.h>

#include <iterator>
#include <thread>
#include <vector>

#include "sigv4/signing_key_cache.h"

namespace hoist::sigv4 {
namespace {

const Credentials kCredentials{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""};
const Scope kScope{"us-east-1", "s3"};

// The example in the AWS General Reference, "Examples of how to derive a signing key for
// Signature Version 4".
TEST(SigningKey, DerivationMatchesTheDocumentedExample) {
  EXPECT_EQ(to_hex(signing_key("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215",
                               "us-east-1", "iam")),
            "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
}

TEST(SigningKeyCache, DerivesOncePerScopeAndDate) {
  SigningKeyCache cache;
  const SigningKey expected =
      signing_key(kCredentials.secret_access_key, "20240101", kScope.region, kScope.service);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(cache.get(kCredentials, "20240101", kScope), expected);
  EXPECT_EQ(cache.derivations(), 1u);
}

TEST(SigningKeyCache, AnyChangeOfInputsIsAMiss) {
  SigningKeyCache cache;
  cache.get(kCredentials, "20240101", kScope);
  EXPECT_EQ(cache.get(kCredentials, "20240102", kScope),
            signing_key(kCredentials.secret_access_key, "20240102", "us-east-1", "s3"));
  EXPECT_EQ(cache.get(kCredentials, "20240101", {"eu-west-1", "s3"}),
            signing_key(kCredentials.secret_access_key, "20240101", "eu-west-1", "s3"));
  EXPECT_EQ(cache.get(kCredentials, "20240101", {"us-east-1", "sts"}),
            signing_key(kCredentials.secret_access_key, "20240101", "us-east-1", "sts"));
  EXPECT_EQ(cache.derivations(), 4u);

  // A rotated secret under the same key id must not be served the old key.
  Credentials rotated = kCredentials;
  rotated.secret_access_key = "another secret";
  EXPECT_EQ(cache.get(rotated, "20240101", kScope),
            signing_key("another secret", "20240101", "us-east-1", "s3"));
  EXPECT_EQ(cache.derivations(), 5u);
}

TEST(SigningKeyCache, EvictsTheLeastRecentlyUsed) {
  SigningKeyCache cache;
  const char* dates[] = {"20240101", "20240102", "20240103", "20240104"};
  static_assert(std::size(dates) == SigningKeyCache::kCapacity);
  for (const char* date : dates) cache.get(kCredentials, date, kScope);
  cache.get(kCredentials, dates[0], kScope);            // refresh the oldest
  cache.get(kCredentials, "20240105", kScope);          // evicts dates[1]
  EXPECT_EQ(cache.derivations(), 5u);
  cache.get(kCredentials, dates[0], kScope);
  cache.get(kCredentials, dates[2], kScope);
  EXPECT_EQ(cache.derivations(), 5u);
  cache.get(kCredentials, dates[1], kScope);
  EXPECT_EQ(cache.derivations(), 6u);
}

TEST(SigningKeyCache, FreeFunctionUsesTheCacheWhenGiven) {
  SigningKeyCache cache;
  const SigningKey direct = signing_key(kCredentials, "20240101", kScope, nullptr);
  EXPECT_EQ(signing_key(kCredentials, "20240101", kScope, &cache), direct);
  EXPECT_EQ(signing_key(kCredentials, "20240101", kScope, &cache), direct);
  EXPECT_EQ(cache.derivations(), 1u);
}

TEST(SigningKeyCache, SharedBetweenThreads) {
  SigningKeyCache cache;
  const Scope scopes[] = {{"us-east-1", "s3"}, {"eu-west-1", "s3"}};
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      const Scope& scope = scopes[t % 2];
      const SigningKey expected =
          signing_key(kCredentials.secret_access_key, "20240101", scope.region, scope.service);
      for (int i = 0; i < 1000; ++i) {
        if (cache.get(kCredentials, "20240101", scope) != expected) ++wrong[t];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong, std::vector<int>(4, 0));
  EXPECT_EQ(cache.derivations(), 2u);
}

}  // namespace
}  // namespace hoist::sigv4

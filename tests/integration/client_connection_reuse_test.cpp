// A Client keeps its connections from one transfer to the next: the Services its engine
// threads lease go back to the Client's pool with their connections open, so an embedder
// that uploads object after object does not connect (and, over TLS, handshake) for each.
// Counted at ScriptedS3, an in-memory S3 in the test process.
#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <string>

#include "hoist/client.h"
#include "tests/integration/loopback_config.h"
#include "tests/integration/scripted_s3.h"
#include "tests/support/temp_directory.h"

namespace hoist {
namespace {

using test::ScriptedS3;

TEST(ClientConnectionReuseTest, TransfersOneAfterAnotherReuseTheClientsConnections) {
  ScriptedS3 s3;
  Config config = test::loopback_config(s3.url(), ScriptedS3::kAccessKey, ScriptedS3::kSecretKey);
  auto client = Client::create(config);
  ASSERT_TRUE(client.ok()) << client.error().describe();
  test::TempDirectory dir;
  const std::string path = dir.path() + "/small";
  std::ofstream(path, std::ios::binary) << "a small object";

  constexpr int kTransfers = 12;
  for (int i = 0; i < kTransfers; ++i) {
    auto put =
        (*client)->upload_file(path, ScriptedS3::kBucket, "k" + std::to_string(i), UploadOptions{});
    ASSERT_TRUE(put.ok()) << put.error().describe();
  }
  auto got = (*client)->download_file(ScriptedS3::kBucket, "k0", dir.path() + "/back");
  ASSERT_TRUE(got.ok()) << got.error().describe();
  // Each transfer runs up to 4 engine threads and a coordinator, each on a Service of the
  // Client's pool; none opened a connection of its own.
  EXPECT_LE(s3.server().connections_accepted(), 5u);
  EXPECT_EQ(s3.keys().size(), static_cast<size_t>(kTransfers));
}

}  // namespace
}  // namespace hoist

// TestServer: an S3-compatible server a test drives over loopback: s3rver (third party) or
// `hoist serve` (our own). The CLI integration tests run once against each.
#pragma once

#include <map>
#include <memory>
#include <string>

namespace hoist::test {

class TestServer {
 public:
  virtual ~TestServer() = default;
  virtual std::string endpoint() const = 0;  // "http://127.0.0.1:<port>"
  // Environment for a client child process: the server's credentials and region, nothing
  // read from the user's AWS configuration, instance metadata disabled.
  virtual std::map<std::string, std::string> client_environment() const = 0;
};

// The server the running test binary is built for (each binary links one definition).
std::unique_ptr<TestServer> start_test_server();

// s3rver's router cannot match keys with empty path segments ("a//b"); hoist serve can.
bool test_server_stores_empty_path_segments();

// s3rver 3.7.1 answers ListMultipartUploads with NotImplemented and has no
// AbortMultipartUpload; hoist serve has both.
bool test_server_lists_multipart_uploads();

// S3 lists keys in byte order ("d.txt" before "d/one.txt"); s3rver 3.7.1 lists a "folder"
// before a key that shares its name ("d/one.txt" before "d.txt"), which sync refuses as an
// unsorted listing.
bool test_server_lists_keys_in_byte_order();

// s3rver keeps Cache-Control, Content-Disposition, Content-Encoding, Content-Language, Expires
// and x-amz-website-redirect-location and returns them on HEAD; hoist serve keeps only
// Content-Type and Content-Encoding among them.
bool test_server_keeps_content_headers();

// hoist serve keeps the x-amz-checksum-* an upload carried and returns it on HeadObject;
// s3rver drops it.
bool test_server_stores_checksums();

// hoist serve refuses a request signed with the wrong secret key; s3rver accepts any.
bool test_server_checks_signatures();

// hoist serve keeps and returns encryption (SSE-C included), tags, ACLs and object lock, and
// accepts the KMS key kTestKmsKeyId; s3rver 3.7.1 keeps only Content-Type and x-amz-meta-*.
bool test_server_keeps_object_options();
inline constexpr const char* kTestKmsKeyId = "hoist-test-kms-key";

}  // namespace hoist::test

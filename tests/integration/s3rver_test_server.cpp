// The CLI integration tests' server in cli_s3rver_test: s3rver.
#include "tests/integration/s3rver_server.h"

namespace hoist::test {

std::unique_ptr<TestServer> start_test_server() { return std::make_unique<S3rverServer>(); }

bool test_server_stores_empty_path_segments() { return false; }

bool test_server_lists_multipart_uploads() { return false; }

bool test_server_lists_keys_in_byte_order() { return false; }

bool test_server_keeps_content_headers() { return true; }

bool test_server_stores_checksums() { return false; }

bool test_server_checks_signatures() { return false; }

bool test_server_keeps_object_options() { return false; }

}  // namespace hoist::test

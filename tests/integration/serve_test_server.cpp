// The CLI integration tests' server in cli_serve_test: `hoist serve` storing in a temporary
// directory.
#include "tests/integration/serve_process.h"

namespace hoist::test {

std::unique_ptr<TestServer> start_test_server() {
  return std::make_unique<ServeProcess>(std::vector<std::string>{"--kms-key-id", kTestKmsKeyId});
}

bool test_server_stores_empty_path_segments() { return true; }

bool test_server_lists_multipart_uploads() { return true; }

bool test_server_lists_keys_in_byte_order() { return true; }

bool test_server_keeps_content_headers() { return false; }

bool test_server_stores_checksums() { return true; }

bool test_server_checks_signatures() { return true; }

bool test_server_keeps_object_options() { return true; }

}  // namespace hoist::test

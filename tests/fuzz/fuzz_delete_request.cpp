// The server side of DeleteObjects (hoist serve): <Delete> request bodies. The keys it reads
// must survive the trip through the client's own request builder: what delete_objects()
// writes for them reads back as the same keys, or the client would delete other objects.
#include <string>

#include "engine/s3/delete_objects.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hoist;
  auto parsed = s3::parse_delete_objects_request(fuzz::text_of(data, size));
  if (!parsed.ok()) {
    FUZZ_CHECK(parsed.error().http_status == 400);
    return 0;
  }
  FUZZ_CHECK(!parsed->keys.empty() && parsed->keys.size() <= s3::kMaxKeysPerDelete);
  for (const std::string& key : parsed->keys) {
    // XML 1.0 cannot carry a NUL, so no document the client writes holds one either.
    if (key.find('\0') != std::string::npos) return 0;
  }
  const s3::Operation op = s3::delete_objects(*parsed);
  auto again = s3::parse_delete_objects_request(op.body_view());
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(again->keys == parsed->keys);
  FUZZ_CHECK(again->quiet == parsed->quiet);
  return 0;
}

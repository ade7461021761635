// DeleteObjects response bodies (deleted keys and per-key errors).
#include "engine/s3/delete_objects.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hoist;
  http::Response response;
  response.status = 200;
  response.body = fuzz::text_of(data, size);
  const s3::Operation op = s3::delete_objects({.bucket = "bucket", .keys = {"a", "b"}});
  (void)s3::parse_delete_objects(response, op);
  return 0;
}

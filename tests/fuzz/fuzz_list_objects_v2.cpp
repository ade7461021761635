// ListObjectsV2 response bodies (url-encoded or raw keys, common prefixes, continuation).
#include "engine/s3/list_objects_v2.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hoist;
  http::Response response;
  response.status = 200;
  response.body = fuzz::text_of(data, size);
  const s3::Operation op = s3::list_objects_v2({.bucket = "bucket", .prefix = "p/"});
  (void)s3::parse_list_objects_v2(response, op);
  return 0;
}

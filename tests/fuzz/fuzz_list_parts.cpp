// ListParts response bodies (part numbers, sizes, ETags, per-part checksums).
#include "engine/s3/list_parts.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hoist;
  http::Response response;
  response.status = 200;
  response.body = fuzz::text_of(data, size);
  const s3::Operation op = s3::list_parts({.bucket = "bucket", .key = "k", .upload_id = "id"});
  (void)s3::parse_list_parts(response, op);
  return 0;
}

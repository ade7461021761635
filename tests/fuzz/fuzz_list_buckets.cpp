// ListBuckets response bodies.
#include "engine/s3/list_buckets.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hoist;
  http::Response response;
  response.status = 200;
  response.body = fuzz::text_of(data, size);
  (void)s3::parse_list_buckets(response, s3::list_buckets());
  return 0;
}

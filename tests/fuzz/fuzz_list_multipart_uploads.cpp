// ListMultipartUploads response bodies (url-encoded keys, upload ids, markers).
#include "engine/s3/list_multipart_uploads.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hoist;
  http::Response response;
  response.status = 200;
  response.body = fuzz::text_of(data, size);
  const s3::Operation op = s3::list_multipart_uploads({.bucket = "bucket"});
  (void)s3::parse_list_multipart_uploads(response, op);
  return 0;
}

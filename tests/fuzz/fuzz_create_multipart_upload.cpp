// CreateMultipartUpload response bodies: an upload id, or an error, never an empty id.
#include "engine/s3/create_multipart_upload.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hoist;
  http::Response response;
  response.status = 200;
  response.body = fuzz::text_of(data, size);
  const s3::Operation op = s3::create_multipart_upload({.bucket = "bucket", .key = "k"});
  auto id = s3::parse_create_multipart_upload(response, op);
  if (id.ok()) FUZZ_CHECK(!id->empty());
  return 0;
}

// CompleteMultipartUpload response bodies: a 200 may carry <Error>, which must come back as an
// error with a code, never as success.
#include "engine/s3/complete_multipart_upload.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hoist;
  http::Response response;
  response.status = 200;
  response.body = fuzz::text_of(data, size);
  const s3::Operation op =
      s3::complete_multipart_upload({.bucket = "bucket", .key = "k", .upload_id = "id"});
  auto done = s3::parse_complete_multipart_upload(response, op);
  if (!done.ok()) FUZZ_CHECK(!done.error().code.empty());
  return 0;
}

// S3 error response bodies, as a HEAD-less error (404 on an object), a redirect (301 with the
// bucket's region) and a server error: every Error gets the status, a code and a message.
#include "engine/s3/error_response.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hoist;
  const s3::Operation op = s3::Operation::on("GetObject", "GET", "bucket", "key");
  for (long status : {301L, 404L, 503L}) {
    http::Response response;
    response.status = status;
    response.body = fuzz::text_of(data, size);
    response.headers.emplace_back("x-amz-bucket-region", "eu-west-1");
    const Error e = s3::error_from_response(response, op);
    FUZZ_CHECK(e.http_status == status);
    FUZZ_CHECK(!e.code.empty());
    FUZZ_CHECK(!e.message.empty());
    FUZZ_CHECK(e.retryable == s3::is_retryable(e.http_status, e.code));
    if (status == 503) FUZZ_CHECK(e.retryable);
  }
  return 0;
}

// The server side of CompleteMultipartUpload (hoist serve): <CompleteMultipartUpload> request
// bodies through serve's reader, and the parts engine/s3 reads from them written again by the
// client's builder and read back unchanged.
#include <string>

#include "engine/s3/complete_multipart_upload.h"
#include "tests/fuzz/fuzz_input.h"
#include "tools/serve/request_xml.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hoist;
  const std::string body(fuzz::text_of(data, size));
  auto store_parts = serve::parse_complete_request(body);
  auto parts = s3::parse_complete_multipart_upload_request(body);
  FUZZ_CHECK(store_parts.ok() == parts.ok());
  if (!parts.ok()) {
    FUZZ_CHECK(parts.error().http_status == 400);
    return 0;
  }
  FUZZ_CHECK(store_parts->size() == parts->size());
  for (const auto& part : *parts) {
    if (part.etag.find('\0') != std::string::npos ||
        part.checksum_value.find('\0') != std::string::npos) {
      return 0;
    }
  }
  s3::CompleteMultipartUploadInput input{.bucket = "bucket", .key = "k", .upload_id = "id"};
  input.parts = *parts;
  const s3::Operation op = s3::complete_multipart_upload(input);
  auto again = s3::parse_complete_multipart_upload_request(op.body_view());
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(again->size() == parts->size());
  for (size_t i = 0; i < parts->size(); ++i) {
    FUZZ_CHECK((*again)[i].part_number == (*parts)[i].part_number);
    FUZZ_CHECK((*again)[i].etag == (*parts)[i].etag);
  }
  return 0;
}

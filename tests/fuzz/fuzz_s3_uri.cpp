// s3:// URLs as users type them. What parses prints back (S3Uri::to_string) as a URL that
// parses to the same bucket and key, and folder_prefix() names a folder or the whole bucket.
#include <string>

#include "hoist/s3_uri.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hoist;
  const std::string_view text = fuzz::text_of(data, size);
  auto uri = parse_s3_uri(text);
  FUZZ_CHECK(!uri.ok() || is_s3_uri(text));
  if (!uri.ok()) {
    FUZZ_CHECK(uri.error().kind == ErrorKind::kInvalid);
    return 0;
  }
  FUZZ_CHECK(!uri->bucket.empty());
  auto again = parse_s3_uri(uri->to_string());
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(again->bucket == uri->bucket);
  FUZZ_CHECK(again->key == uri->key);
  const std::string prefix = folder_prefix(uri->key);
  FUZZ_CHECK(prefix.empty() || prefix.back() == '/');
  FUZZ_CHECK(prefix.starts_with(uri->key));
  return 0;
}

// Response header blocks as a server may send them, line by line through the reader the event
// loop uses (status lines, fields, the blank line), then everything engine/s3 reads from
// headers: object metadata (Content-Length, Content-Range, checksums, x-amz-meta-*), the
// Last-Modified date, the bucket region, and the redaction --debug applies before printing.
#include <string>

#include "engine/http/header_line.h"
#include "engine/http/redact.h"
#include "engine/s3/bucket_operations.h"
#include "engine/s3/http_date.h"
#include "engine/s3/object_metadata.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hoist;
  std::string_view text = fuzz::text_of(data, size);
  http::Response response;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    const std::string_view raw = text.substr(0, end == std::string_view::npos ? end : end + 1);
    text.remove_prefix(raw.size());
    http::HeaderLine line = http::parse_header_line(raw);
    switch (line.kind) {
      case http::HeaderLine::Kind::kStatus:
        response.headers.clear();
        break;
      case http::HeaderLine::Kind::kField:
        for (char c : line.name) FUZZ_CHECK(!(c >= 'A' && c <= 'Z'));
        if (!line.value.empty()) {
          for (char c : {line.value.front(), line.value.back()}) FUZZ_CHECK(c != ' ' && c != '\t');
        }
        if (http::is_secret_header(line.name)) {
          FUZZ_CHECK(http::redacted_header_value(line.name, line.value) == "<redacted>");
        } else {
          (void)http::redacted_header_value(line.name, line.value);
        }
        response.headers.emplace_back(std::move(line.name), std::move(line.value));
        break;
      case http::HeaderLine::Kind::kEnd:
      case http::HeaderLine::Kind::kOther:
        break;
    }
  }
  const s3::ObjectMetadata metadata = s3::parse_object_metadata(response.headers);
  (void)s3::parse_http_date(metadata.last_modified);
  (void)s3::parse_head_bucket_region(response);
  if (auto location = http::find_header(response.headers, "location")) {
    (void)http::redacted_url(*location);
  }
  return 0;
}

// hoist serve's request-target parsing. Input: the Host header on the first line, the request
// target after it. Properties: the raw path is the target's own bytes up to '?', the bucket
// and key come from the decoded path (or the bucket from a virtual-hosted Host), and what the
// client's uri_encode() writes for a key or query parameter the server decodes back unchanged.
#include <string>

#include "engine/s3/url_decode.h"
#include "sigv4/uri_encode.h"
#include "tests/fuzz/fuzz_input.h"
#include "tools/serve/request_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hoist;
  std::string_view text = fuzz::text_of(data, size);
  const size_t newline = text.find('\n');
  if (newline == std::string_view::npos) return 0;
  const std::string_view host = text.substr(0, newline);
  const std::string_view target = text.substr(newline + 1);
  constexpr std::string_view kServiceHost = "s3.example.com";

  auto parsed = serve::parse_request_target(target, host, kServiceHost);
  if (!parsed) return 0;
  FUZZ_CHECK(!parsed->raw_path.empty() && parsed->raw_path.front() == '/');
  FUZZ_CHECK(target.starts_with(parsed->raw_path));
  FUZZ_CHECK(parsed->raw_path.find('?') == std::string::npos);
  auto path = serve::percent_decode(parsed->raw_path, false);
  FUZZ_CHECK(path.has_value());
  // Virtual-hosted ("/key"), or path style ("/bucket", "/bucket/key").
  const std::string& bucket = parsed->bucket;
  const std::string& key = parsed->key;
  FUZZ_CHECK((*path == "/" + key && host.starts_with(bucket + ".")) ||
             (key.empty() && *path == "/" + bucket) || *path == "/" + bucket + "/" + key);

  for (const std::string& text_part : {parsed->bucket, parsed->key}) {
    auto back = serve::percent_decode(sigv4::uri_encode(text_part, false), false);
    FUZZ_CHECK(back && *back == text_part);
  }
  for (const auto& [name, value] : parsed->query) {
    for (const std::string* part : {&name, &value}) {
      auto back = serve::percent_decode(sigv4::uri_encode(*part, true), true);
      FUZZ_CHECK(back && *back == *part);
    }
  }
  return 0;
}

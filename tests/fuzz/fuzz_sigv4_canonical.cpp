// SigV4's canonical request and URI from arbitrary requests (method, path, query, headers in
// the AWS SigV4 suite's raw HTTP form), under every combination of the path options, plus
// uri_encode() on every path and query component. Properties checked:
// - the canonical request is deterministic, also when another request was built in between
//   (the builders reuse per-thread buffers);
// - its SignedHeaders line is what signed_headers() says (the Authorization header repeats it);
// - the canonical query does not depend on parameter order;
// - uri_encode() writes only unreserved bytes and %XX (and '/' in paths), and decodes back;
// - for S3 the canonical path is the wire path, an already-encoded wire path is signed as is,
//   and double encoding encodes the wire path once more;
// - normalized_path() starts with '/' and is idempotent.
#include <algorithm>
#include <stdexcept>
#include <string>

#include "sigv4/canonical_request.h"
#include "sigv4/canonical_uri.h"
#include "sigv4/uri_encode.h"
#include "tests/fuzz/fuzz_input.h"
#include "tests/sigv4/raw_http_request.h"

namespace {

using namespace hoist;

bool is_unreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         c == '-' || c == '_' || c == '.' || c == '~';
}

bool is_upper_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'); }

void check_uri_encode(std::string_view in, bool encode_slash) {
  const std::string out = sigv4::uri_encode(in, encode_slash);
  for (size_t i = 0; i < out.size(); ++i) {
    const char c = out[i];
    if (c == '%') {
      FUZZ_CHECK(i + 2 < out.size() && is_upper_hex(out[i + 1]) && is_upper_hex(out[i + 2]));
      i += 2;
    } else {
      FUZZ_CHECK(is_unreserved(c) || (c == '/' && !encode_slash));
    }
  }
  FUZZ_CHECK(sigv4::testing::percent_decode(out) == in);
}

// The last two lines of a canonical request: SignedHeaders and the payload hash.
std::string_view signed_headers_line(std::string_view canonical) {
  const size_t last = canonical.rfind('\n');
  FUZZ_CHECK(last != std::string_view::npos && last > 0);
  const size_t before = canonical.rfind('\n', last - 1);
  FUZZ_CHECK(before != std::string_view::npos);
  return canonical.substr(before + 1, last - before - 1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sigv4::testing::RawHttpRequest raw;
  try {
    raw = sigv4::testing::parse_raw_http_request(fuzz::text_of(data, size));
  } catch (const std::runtime_error&) {
    return 0;
  }
  sigv4::Request request;
  request.method = raw.method;
  request.path = raw.path;
  request.query = sigv4::testing::parse_query(raw.query);
  request.headers = raw.headers;
  request.payload_hash = std::string(64, 'e');

  sigv4::Request other = request;
  std::reverse(other.headers.begin(), other.headers.end());
  std::reverse(other.query.begin(), other.query.end());
  other.headers.emplace_back("X-Other", "1");

  for (int bits = 0; bits < 8; ++bits) {
    sigv4::SigningOptions options;
    options.path_is_encoded = (bits & 1) != 0;
    options.normalize_path = (bits & 2) != 0;
    options.double_encode_path = (bits & 4) != 0;
    const std::string first = sigv4::canonical_request(request, options);
    (void)sigv4::canonical_request(other, options);
    FUZZ_CHECK(sigv4::canonical_request(request, options) == first);
    FUZZ_CHECK(signed_headers_line(first) == sigv4::signed_headers(request));
  }
  FUZZ_CHECK(sigv4::canonical_query(request.query) == sigv4::canonical_query(other.query));

  check_uri_encode(request.path, false);
  check_uri_encode(request.path, true);
  for (const auto& [name, value] : request.query) {
    check_uri_encode(name, true);
    check_uri_encode(value, true);
  }

  const sigv4::SigningOptions s3;
  const std::string wire = sigv4::wire_path(request.path, s3);
  FUZZ_CHECK(sigv4::canonical_path(request.path, s3) == wire);
  sigv4::SigningOptions encoded;
  encoded.path_is_encoded = true;
  FUZZ_CHECK(sigv4::canonical_path(wire, encoded) == wire);
  sigv4::SigningOptions doubled;
  doubled.double_encode_path = true;
  FUZZ_CHECK(sigv4::canonical_path(request.path, doubled) == sigv4::uri_encode(wire, false));
  FUZZ_CHECK(sigv4::request_target(request, s3).starts_with(wire));

  const std::string normalized = sigv4::normalized_path(request.path);
  FUZZ_CHECK(!normalized.empty() && normalized.front() == '/');
  FUZZ_CHECK(sigv4::normalized_path(normalized) == normalized);
  return 0;
}

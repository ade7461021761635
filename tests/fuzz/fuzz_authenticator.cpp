// hoist serve's Authenticator on requests in the AWS SigV4 suite's raw HTTP form, read the way
// the front end reads them (request target split by parse_request_target, header names
// lowercased), checked as S3 requests and as requests to the suite's generic service: it must
// answer, never crash, and refuse with S3's 400/403 errors.
//
// Then the same request, signed by the client's signer with the server's credentials, must
// be accepted: what hoist signs, hoist serve verifies. Only requests HTTP can carry as they are
// take that second step (token header names, values without CR, LF or NUL).
#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <string>

#include "sigv4/canonical_uri.h"
#include "sigv4/sha256.h"
#include "sigv4/signer.h"
#include "tests/fuzz/fuzz_input.h"
#include "tests/sigv4/raw_http_request.h"
#include "tools/serve/authenticator.h"
#include "tools/serve/request_target.h"

namespace {

using namespace hoist;
using Clock = std::chrono::system_clock;

// The AWS SigV4 suite's credentials and time (2015-08-30T12:36:00Z), so its requests verify.
const sigv4::Credentials kCredentials{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                      ""};
const Clock::time_point kNow = Clock::from_time_t(1440938160);

std::string lowercase(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

bool is_token(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_';
  });
}

bool is_sendable_value(std::string_view value) {
  return value.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

serve::SignedRequest as_received(const std::string& method, std::string_view target,
                                 const sigv4::NameValues& headers, bool* parsed) {
  serve::SignedRequest out;
  out.method = method;
  for (const auto& [name, value] : headers) out.headers.emplace_back(lowercase(name), value);
  const std::string* host = serve::find_param(out.headers, "host");
  auto split = serve::parse_request_target(target, host ? *host : "", "s3.example.com");
  *parsed = split.has_value();
  if (split) {
    out.raw_path = split->raw_path;
    out.query = split->query;
  }
  return out;
}

void check_refusal(const Error& e) {
  FUZZ_CHECK(e.http_status == 400 || e.http_status == 403);
  FUZZ_CHECK(!e.code.empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sigv4::testing::RawHttpRequest raw;
  try {
    raw = sigv4::testing::parse_raw_http_request(fuzz::text_of(data, size));
  } catch (const std::runtime_error&) {
    return 0;
  }
  const serve::IssuedCredentials issued(std::chrono::hours(1));
  serve::Authenticator authenticator(kCredentials, "us-east-1", issued);

  const std::string target = raw.query.empty() ? raw.path : raw.path + "?" + raw.query;
  bool parsed = false;
  const serve::SignedRequest received = as_received(raw.method, target, raw.headers, &parsed);
  if (parsed) {
    auto verified = authenticator.verify(received, kNow);
    if (!verified.ok()) check_refusal(verified.error());
    Status service = authenticator.verify_service(received, "service",
                                                  sigv4::hex_sha256(raw.body), kNow);
    if (!service.ok()) check_refusal(service.error());
  }

  // The client's side: the request built from decoded parts, signed, sent, verified.
  if (raw.path.empty() || raw.path.front() != '/' || !is_token(raw.method)) return 0;
  sigv4::Request request;
  request.method = raw.method;
  request.path = sigv4::testing::percent_decode(raw.path);
  request.query = sigv4::testing::parse_query(raw.query);
  for (const auto& [name, value] : raw.headers) {
    if (!is_token(name) || !is_sendable_value(value)) return 0;
    // sign() sets these itself; a request arriving with them has been signed before.
    const std::string lower = lowercase(name);
    if (lower == "authorization" || lower.starts_with("x-amz-")) continue;
    request.headers.emplace_back(name, value);
  }
  if (!serve::find_param(received.headers, "host")) {
    request.headers.emplace_back("Host", "bucket.s3.example.com");
  }
  request.payload_hash = std::string(sigv4::UNSIGNED_PAYLOAD);
  sigv4::sign(request, kCredentials, {"us-east-1", "s3"}, kNow);
  const serve::SignedRequest sent =
      as_received(request.method, sigv4::request_target(request), request.headers, &parsed);
  FUZZ_CHECK(parsed);
  auto verified = authenticator.verify(sent, kNow);
  if (!verified.ok()) {
    std::fprintf(stderr, "refused: %s %s\n", verified.error().code.c_str(),
                 verified.error().message.c_str());
  }
  FUZZ_CHECK(verified.ok());
  return 0;
}
